import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '../src/errors.js'
import { parseInputs, parseTolerance } from '../src/inputs.js'

const TENANT = '11111111-1111-4111-8111-111111111111'
const CLIENT = '22222222-2222-4222-8222-222222222222'

function readerOf(values: Record<string, string>): (name: string) => string {
  return (name) => values[name] ?? ''
}

function parse(values: Record<string, string>) {
  return parseInputs(readerOf({ 'tenant-id': TENANT, 'client-id': CLIENT, ...values }))
}

describe('parseInputs', () => {
  it('given only the required inputs, then every default is the documented one', () => {
    const inputs = parse({})

    expect(inputs).toMatchObject({
      mode: 'detect',
      auth: 'auto',
      cloud: 'global',
      graphEndpoint: 'https://graph.microsoft.com',
      authorityHost: 'https://login.microsoftonline.com',
      customAuthority: false,
      baseline: 'baselines/<tenant-id>.json',
      staleGuestDays: 90,
      guestCountTolerance: { kind: 'percent', value: 10 },
      maxStaleGuests: undefined,
      failOn: 'high',
      graphTimeout: 1800,
      onDrift: 'issue',
      issueMinSeverity: 'low',
      redact: 'auto',
      includeBeta: false
    })
  })

  it('given include-beta true, then beta sections are opted in; any other word is refused', () => {
    expect(parse({ 'include-beta': 'true' }).includeBeta).toBe(true)
    expect(() => parse({ 'include-beta': 'yes' })).toThrow(
      new ConfigurationError("Input 'include-beta' must be one of: true, false; got 'yes'.")
    )
  })

  it.each([
    ['usgov', 'https://graph.microsoft.us', 'https://login.microsoftonline.us'],
    ['usgov-dod', 'https://dod-graph.microsoft.us', 'https://login.microsoftonline.us'],
    ['china', 'https://microsoftgraph.chinacloudapi.cn', 'https://login.partner.microsoftonline.cn']
  ])('given cloud %s, then the Graph endpoint and authority move together', (cloud, graph, authority) => {
    const inputs = parse({ cloud })

    expect(inputs.graphEndpoint).toBe(graph)
    expect(inputs.authorityHost).toBe(authority)
  })

  it('given overrides for the endpoints, then they win and instance discovery is marked off', () => {
    const inputs = parse({
      'graph-endpoint': 'https://127.0.0.1:8443/',
      'authority-host': 'https://127.0.0.1:8443'
    })

    expect(inputs.graphEndpoint).toBe('https://127.0.0.1:8443')
    expect(inputs.authorityHost).toBe('https://127.0.0.1:8443')
    expect(inputs.customAuthority).toBe(true)
  })

  it.each([
    [
      { mode: 'audit' },
      "Input 'mode' must be one of: detect, snapshot, check-baseline, list-tenants, revert; got 'audit'."
    ],
    [{ 'tenant-id': 'not a tenant' }, "Input 'tenant-id' must be the tenant's GUID"],
    [{ 'tenant-id': '' }, "Input 'tenant-id' is required."],
    [{ 'client-id': 'app' }, "Input 'client-id' must be an application (client) ID GUID"],
    [{ cloud: 'azurecloud' }, "Input 'cloud' must be one of: global, usgov, usgov-dod, china"],
    [{ 'graph-endpoint': 'http://127.0.0.1:8080' }, "Input 'graph-endpoint' must use https"],
    [{ 'authority-host': 'login.example' }, "Input 'authority-host' must be an https:// URL"],
    [{ 'guest-count-tolerance': 'ten' }, "Input 'guest-count-tolerance' must be a number of guests"],
    [{ 'guest-count-tolerance': '-5%' }, "Input 'guest-count-tolerance'"],
    [
      { 'fail-on': 'severe' },
      "Input 'fail-on' must be one of: none, low, medium, high, critical; got 'severe'."
    ],
    [
      { 'stale-guest-days': '-1' },
      "Input 'stale-guest-days' must be a whole number from 0 to 3650; got '-1'."
    ],
    [{ 'stale-guest-days': '30d' }, "Input 'stale-guest-days' must be a whole number"],
    [{ 'graph-timeout': '0' }, "Input 'graph-timeout' must be a whole number from 10"],
    [{ 'on-drift': 'email' }, "Input 'on-drift' must be one of: issue, pull-request, both, none"],
    [{ mode: 'revert', 'issue-number': '#12' }, "Input 'issue-number' must be a whole number from 1"],
    [{ mode: 'revert', 'dry-run': 'yes' }, "Input 'dry-run' must be one of: true, false; got 'yes'."]
  ])('given %j, then a ConfigurationError names the input', (values, message) => {
    expect(() => parse(values)).toThrow(ConfigurationError)
    expect(() => parse(values)).toThrow(message)
  })

  it('given mode revert, then the issue number and dry-run are read; both are off by default', () => {
    expect(parse({ mode: 'revert', 'issue-number': '12', 'dry-run': 'true' })).toMatchObject({
      mode: 'revert',
      issueNumber: 12,
      dryRun: true
    })
    expect(parse({ mode: 'revert' })).toMatchObject({ issueNumber: undefined, dryRun: false })
    expect(() => parseInputs(readerOf({ mode: 'revert', 'client-id': CLIENT }))).toThrow(
      "Input 'tenant-id' is required."
    )
  })

  it('given a verified domain as tenant, then it is accepted for resolution after sign-in', () => {
    expect(parse({ 'tenant-id': 'Contoso.onmicrosoft.com' }).tenantId).toBe('contoso.onmicrosoft.com')
  })

  it('given no client id, then only azure-cli sign-in goes without one', () => {
    expect(() => parseInputs(readerOf({ 'tenant-id': TENANT }))).toThrow("Input 'client-id' is required")
    expect(parseInputs(readerOf({ 'tenant-id': TENANT, auth: 'azure-cli' })).clientId).toBeUndefined()
  })

  it('given labels and assignees as comma or newline lists, then each is trimmed', () => {
    const inputs = parse({ labels: 'security, entra\ncompliance', assignees: 'alice,\n bob ' })

    expect(inputs.labels).toEqual(['security', 'entra', 'compliance'])
    expect(inputs.assignees).toEqual(['alice', 'bob'])
  })
})

describe('parseTolerance', () => {
  it.each([
    ['10%', { kind: 'percent', value: 10 }],
    ['2.5%', { kind: 'percent', value: 2.5 }],
    ['25', { kind: 'absolute', value: 25 }],
    ['0', { kind: 'absolute', value: 0 }]
  ])('reads %s', (text, expected) => {
    expect(parseTolerance(text)).toEqual(expected)
  })
})
