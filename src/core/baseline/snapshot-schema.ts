import { createHash } from 'node:crypto'
import type { ErrorObject, ValidateFunction } from 'ajv'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { appendPointer } from './json-source.js'
import { OBJECT_KINDS } from '../model/finding.js'
import { SECTIONS, type Section } from '../../sections/index.js'
import base from './snapshot-base.schema.json' with { type: 'json' }
import precompiled from './snapshot-validator.generated.cjs'

// ajv-formats is CommonJS with `exports.default = formatsPlugin`; under module=NodeNext TypeScript
// types the default import as the whole module object, so unwrap `.default` when present.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as typeof addFormatsModule.default

type SectionProperties = { readonly [S in Section as S['id']]: S['schema'] }

/**
 * The snapshot JSON Schema (draft 2020-12), also published for editors under its $id: the
 * envelope and the shared $defs from snapshot-base.schema.json, each section's property from its
 * declaration (src/sections) in the table's order, and the object kinds an ignore entry may name.
 */
export const snapshotSchema = composeSnapshotSchema()

function composeSnapshotSchema() {
  const { unavailable, ignore, ...envelope } = base.properties
  const sections = Object.fromEntries(
    SECTIONS.map((section) => [section.id, section.schema])
  ) as unknown as SectionProperties
  const { kind, ...entryProperties } = ignore.items.properties
  const ignoreEntries = {
    ...ignore,
    items: { ...ignore.items, properties: { kind: { enum: [...OBJECT_KINDS], ...kind }, ...entryProperties } }
  }
  return {
    ...base,
    properties: { ...envelope, ...sections, unavailable, ignore: ignoreEntries },
    $defs: base.$defs
  }
}

/** One schema violation, in plain words. */
export interface SchemaProblem {
  /** RFC 6901 pointer to the offending value, or to the offending key when `at` is 'key'. */
  pointer: string
  message: string
  /** Whether the problem is the member's key (an unknown or malformed key) or its value. */
  at: 'key' | 'value'
}

/** A broken document can violate the schema thousands of times; nobody reads past the first few. */
export const MAX_SCHEMA_PROBLEMS = 50

/** How the snapshot schema is compiled: here at run time, and by `npm run build` ahead of time. */
export const SNAPSHOT_VALIDATOR_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true } as const
export const SNAPSHOT_VALIDATOR_FORMATS: Parameters<typeof addFormats>[1] = ['date', 'date-time']

/** The schema's SHA-256: tells whether the validator `npm run build` compiled ahead of time is this schema's. */
export function snapshotSchemaKey(): string {
  return createHash('sha256').update(JSON.stringify(snapshotSchema)).digest('hex')
}

/**
 * Compiling the schema costs about 70 ms, which was most of a first baseline parse: `npm run
 * build` compiles it ahead of time with ajv's standalone code (snapshot-validator.generated.cjs).
 * That one is used when it was compiled from this very schema; otherwise (a section's schema was
 * edited and the build not run yet) the schema is compiled here, on first use.
 */
let compiled: ValidateFunction | undefined
function validator(): ValidateFunction {
  if (compiled !== undefined) return compiled
  if (precompiled.schemaKey === snapshotSchemaKey()) {
    compiled = precompiled
    return compiled
  }
  const ajv = new Ajv2020(SNAPSHOT_VALIDATOR_OPTIONS)
  addFormats(ajv, SNAPSHOT_VALIDATOR_FORMATS)
  compiled = ajv.compile(snapshotSchema)
  return compiled
}

const GUID_PATTERN = snapshotSchema.$defs.guid.pattern
const PATTERN_REQUIREMENTS: Readonly<Record<string, string>> = {
  [GUID_PATTERN]: 'must be a GUID (8-4-4-4-12 hexadecimal digits)',
  '\\S': 'must not be blank'
}
const FORMAT_WORDS: Readonly<Record<string, string>> = {
  date: 'a date (YYYY-MM-DD)',
  'date-time': 'a date-time (ISO 8601, e.g. 2026-03-14T06:30:00Z)'
}
const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'boolean',
  null: 'null',
  object: 'an object',
  array: 'an array'
}

/** Checks a parsed document against the snapshot schema; [] when it conforms. */
export function validateSnapshotDocument(document: unknown): SchemaProblem[] {
  const validate = validator()
  if (validate(document)) return []
  const problems: SchemaProblem[] = []
  const seen = new Set<string>()
  for (const error of validate.errors ?? []) {
    const problem = describeSchemaError(error)
    if (problem === undefined) continue
    const identity = `${problem.pointer}\n${problem.message}`
    if (seen.has(identity)) continue
    seen.add(identity)
    problems.push(problem)
    if (problems.length === MAX_SCHEMA_PROBLEMS) break
  }
  return problems
}

/**
 * What one ajv error says, in the words every file the action validates uses (baseline, partner
 * policy, owners map), and where: at a key or at a value; undefined for the generic error ajv adds
 * after a key that breaks `propertyNames`.
 */
export function describeSchemaError(error: ErrorObject): SchemaProblem | undefined {
  const params = error.params as Record<string, unknown>
  // A key that breaks `propertyNames` yields the key's own error (carrying `propertyName`)
  // followed by a generic "property name must be valid"; the first says more.
  if (error.keyword === 'propertyNames') return undefined
  if (error.propertyName !== undefined) {
    return {
      pointer: appendPointer(error.instancePath, error.propertyName),
      message: `key '${error.propertyName}' ${requirement(error.keyword, params, error.message)}`,
      at: 'key'
    }
  }
  if (error.keyword === 'additionalProperties') {
    const name = String(params['additionalProperty'])
    return {
      pointer: appendPointer(error.instancePath, name),
      message: `unknown property '${name}'`,
      at: 'key'
    }
  }
  if (error.keyword === 'required') {
    return {
      pointer: error.instancePath,
      message: `missing required property '${String(params['missingProperty'])}'`,
      at: 'value'
    }
  }
  return {
    pointer: error.instancePath,
    message: requirement(error.keyword, params, error.message),
    at: 'value'
  }
}

/** "must be …" for a keyword that constrains a single value. */
function requirement(keyword: string, params: Record<string, unknown>, fallback: string | undefined): string {
  switch (keyword) {
    case 'type': {
      const types = Array.isArray(params['type']) ? params['type'] : String(params['type']).split(',')
      return `must be ${types.map((type: unknown) => TYPE_WORDS[String(type)] ?? String(type)).join(' or ')}`
    }
    case 'enum':
      return `must be one of: ${(params['allowedValues'] as unknown[]).map(String).join(', ')}`
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}`
    case 'pattern': {
      const pattern = String(params['pattern'])
      return PATTERN_REQUIREMENTS[pattern] ?? `must match the pattern ${pattern}`
    }
    case 'format':
      return `must be ${FORMAT_WORDS[String(params['format'])] ?? `in ${String(params['format'])} format`}`
    case 'minimum':
      return `must be ${String(params['limit'])} or more`
    case 'minLength':
      return params['limit'] === 1
        ? 'must not be empty'
        : `must be at least ${String(params['limit'])} characters long`
    default:
      return fallback ?? 'is invalid'
  }
}
