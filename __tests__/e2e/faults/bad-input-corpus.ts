/**
 * The corpus of bad input: action inputs a user can get wrong, and baseline files that are broken in
 * every way a file in git gets broken (emptied, bloated, hand-edited, merged, copied from another
 * tenant, written by another version). Each case says what the error must name.
 */
import { CONTOSO_TENANT_ID } from '../../fakes/simulated-tenant.ts'

export interface BadInput {
  readonly name: string
  /** Inputs that replace the good ones. */
  readonly inputs: Readonly<Record<string, string>>
  /** The input the error must name. */
  readonly input: string
}

export const BAD_INPUTS: readonly BadInput[] = [
  { name: 'an unknown mode', inputs: { mode: 'drift' }, input: 'mode' },
  { name: 'a mode in the wrong case', inputs: { mode: 'Snapshot' }, input: 'mode' },
  {
    name: 'guest-count-tolerance in words',
    inputs: { 'guest-count-tolerance': 'ten percent' },
    input: 'guest-count-tolerance'
  },
  {
    name: 'a negative guest-count-tolerance',
    inputs: { 'guest-count-tolerance': '-5' },
    input: 'guest-count-tolerance'
  },
  {
    name: 'a fractional absolute guest-count-tolerance',
    inputs: { 'guest-count-tolerance': '2.5' },
    input: 'guest-count-tolerance'
  },
  {
    name: 'a percent sign first',
    inputs: { 'guest-count-tolerance': '%10' },
    input: 'guest-count-tolerance'
  },
  { name: 'an unknown fail-on severity', inputs: { 'fail-on': 'severe' }, input: 'fail-on' },
  { name: 'fail-on info (not a level that can fail)', inputs: { 'fail-on': 'info' }, input: 'fail-on' },
  { name: 'a negative stale-guest-days', inputs: { 'stale-guest-days': '-1' }, input: 'stale-guest-days' },
  { name: 'stale-guest-days in words', inputs: { 'stale-guest-days': 'ninety' }, input: 'stale-guest-days' },
  {
    name: 'stale-guest-days with a unit',
    inputs: { 'stale-guest-days': '90 days' },
    input: 'stale-guest-days'
  },
  {
    name: 'stale-guest-days beyond ten years',
    inputs: { 'stale-guest-days': '3651' },
    input: 'stale-guest-days'
  },
  {
    name: 'a tenant-id one digit short of a GUID',
    inputs: { 'tenant-id': '11111111-1111-4111-8111-11111111111' },
    input: 'tenant-id'
  },
  { name: 'a tenant-id that is a bare name', inputs: { 'tenant-id': 'contoso' }, input: 'tenant-id' },
  {
    name: 'a tenant-id that is a URL',
    inputs: { 'tenant-id': 'https://login.microsoftonline.com/contoso.onmicrosoft.com' },
    input: 'tenant-id'
  },
  { name: 'an empty tenant-id', inputs: { 'tenant-id': '' }, input: 'tenant-id' },
  {
    name: 'a tenant-id smuggling a workflow command',
    inputs: { 'tenant-id': 'contoso\n::notice::injected' },
    input: 'tenant-id'
  }
]

export interface BadBaseline {
  readonly name: string
  /** The broken file, made from a valid baseline of the Contoso tenant. */
  make(valid: string): string
  /** What the error must say about it. */
  readonly problem: RegExp
  /** Where the error must point: the index in the file of the offending token's first character. */
  at?(text: string): number
}

const OTHER_TENANT = '9e8d7c6b-5a49-4382-b716-05f4e3d2c1b0'
const HUGE_BYTES = 26 * 1024 * 1024

function indexOf(text: string, needle: string, from = 0): number {
  const index = text.indexOf(needle, from)
  if (index < 0) throw new Error(`The corpus expected '${needle}' in the baseline.`)
  return index
}

export const BAD_BASELINES: readonly BadBaseline[] = [
  { name: 'an empty file', make: () => '', problem: /empty/ },
  { name: 'a file of blank lines', make: () => '\n   \n\n', problem: /empty/ },
  {
    name: 'a file beyond the size cap',
    make: (valid) => valid.replace('"capturedAt"', `"padding": "${'x'.repeat(HUGE_BYTES)}",\n  "capturedAt"`),
    problem: /at most 25 MB/
  },
  {
    name: 'YAML instead of JSON',
    make: () => `schemaVersion: 1\ntenantId: ${CONTOSO_TENANT_ID}\n`,
    problem: /expected a value/,
    at: () => 0
  },
  {
    name: 'a file cut off half-way',
    make: (valid) => valid.slice(0, indexOf(valid, '"partners"') + 20),
    problem: /./,
    at: (text) => text.lastIndexOf('"')
  },
  {
    name: 'a trailing comma',
    make: (valid) => valid.replace(/\n}\s*$/, ',\n}\n'),
    problem: /trailing comma/,
    at: (text) => text.lastIndexOf(',')
  },
  {
    name: 'merge conflict markers',
    make: (valid) => valid.replace('  "cloud"', '<<<<<<< HEAD\n  "cloud"'),
    problem: /merge conflict/i,
    at: (text) => indexOf(text, '<<<<<<<')
  },
  { name: 'a JSON array', make: () => '[]\n', problem: /JSON object/, at: () => 0 },
  {
    name: 'a value of the wrong type (schema)',
    make: (valid) => valid.replace(/"isMfaAccepted": (true|false)/, '"isMfaAccepted": "yes"'),
    problem: /boolean/,
    at: (text) => indexOf(text, '"yes"')
  },
  {
    name: 'a capturedAt that is not a date (schema)',
    make: (valid) => valid.replace(/"capturedAt": "[^"]+"/, '"capturedAt": "last Tuesday"'),
    problem: /date/,
    at: (text) => indexOf(text, '"last Tuesday"')
  },
  {
    name: 'the baseline of another tenant',
    make: (valid) => valid.replace(`"tenantId": "${CONTOSO_TENANT_ID}"`, `"tenantId": "${OTHER_TENANT}"`),
    problem: new RegExp(`belongs to tenant ${OTHER_TENANT}`),
    at: (text) => indexOf(text, `"${OTHER_TENANT}"`)
  },
  {
    name: 'a schemaVersion from the future',
    make: (valid) => valid.replace('"schemaVersion": 1', '"schemaVersion": 2'),
    problem: /schemaVersion 2 is not supported/,
    at: (text) => indexOf(text, '2,')
  },
  {
    name: 'a schemaVersion written as text',
    make: (valid) => valid.replace('"schemaVersion": 1', '"schemaVersion": "1"'),
    problem: /schemaVersion "1" is not supported/,
    at: (text) => indexOf(text, '"1"')
  },
  {
    name: 'no schemaVersion at all',
    make: (valid) => valid.replace('"schemaVersion": 1,', ''),
    problem: /schemaVersion is missing/,
    at: () => 0
  },
  {
    name: 'a duplicate key',
    make: (valid) => valid.replace('  "cloud"', `  "tenantId": "${CONTOSO_TENANT_ID}",\n  "cloud"`),
    problem: /duplicate key 'tenantId'/,
    at: (text) => indexOf(text, '"tenantId"', indexOf(text, '"tenantId"') + 1)
  },
  {
    name: 'an unknown property whose name smuggles a workflow command',
    make: (valid) => valid.replace('  "cloud"', '  "x\\n::notice::injected": 1,\n  "cloud"'),
    problem: /./,
    at: (text) => indexOf(text, '"x\\n')
  }
]

/** 1-based line and column of a character, as editors and the runner count them. */
export function lineAndColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index)
  const line = before.split('\n').length
  return { line, column: index - before.lastIndexOf('\n') }
}
