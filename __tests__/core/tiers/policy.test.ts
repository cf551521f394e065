import { describe, expect, it } from '@jest/globals'
import { formatPolicyError, parsePolicy } from '../../../src/core/tiers/policy.js'

const PARTNER = 'a11ce000-0000-4000-8000-0000000000a1'

function policy(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemaVersion: 1,
    tiers: { collaboration: { allows: { inboundTrust: [] } } },
    partners: { [PARTNER]: { tier: 'collaboration', name: 'Fabrikam', reason: 'Project Falcon' } },
    ...overrides
  }
}

describe('parsing a partner policy', () => {
  it('accepts a valid policy and keys partners by lower-case tenant id', () => {
    const text = JSON.stringify(
      policy({ partners: { [PARTNER.toUpperCase()]: { tier: 'collaboration', name: 'F', reason: 'r' } } })
    )

    const parsed = parsePolicy(text, 'p.json')

    expect(parsed.ok && Object.keys(parsed.policy.partners)).toEqual([PARTNER])
  })

  it('names the line and column of a value the schema refuses', () => {
    const text = JSON.stringify(
      policy({ tiers: { collaboration: { allows: { inboundTrust: ['mfaa'] } } } }),
      null,
      2
    )

    const parsed = parsePolicy(text, 'p.json')

    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    const line = text.split('\n').findIndex((candidate) => candidate.includes('"mfaa"')) + 1
    expect(parsed.error).toMatchObject({
      pointer: '/tiers/collaboration/allows/inboundTrust/0',
      line,
      problem: 'must be one of: mfa, compliantDevice, hybridJoinedDevice'
    })
    expect(formatPolicyError(parsed.error)).toContain(
      `Partner policy p.json is invalid at /tiers/collaboration/allows/inboundTrust/0 (line ${line}, column`
    )
  })

  it('refuses a partner placed in a tier that does not exist, at its tier', () => {
    const text = JSON.stringify(
      policy({ partners: { [PARTNER]: { tier: 'gold', name: 'Fabrikam', reason: 'r' } } }),
      null,
      2
    )

    const parsed = parsePolicy(text, 'p.json')

    expect(!parsed.ok && parsed.error.problem).toBe("tier 'gold' is not one of the tiers: collaboration")
    expect(!parsed.ok && parsed.error.line).toBe(
      text.split('\n').findIndex((candidate) => candidate.includes('"gold"')) + 1
    )
  })

  it('refuses an unknown property at its key, and a partner key that is not a tenant id', () => {
    const text = JSON.stringify(
      policy({
        tiers: { collaboration: { allows: { inboundTrsut: [] } } },
        partners: { fabrikam: { tier: 'collaboration', name: 'F', reason: 'r' } }
      }),
      null,
      2
    )

    const parsed = parsePolicy(text, 'p.json')

    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    const problems = [parsed.error, ...(parsed.error.otherProblems ?? [])].map((problem) => problem.problem)
    expect(problems).toContain("unknown property 'inboundTrsut'")
    expect(problems.some((problem) => problem.startsWith("key 'fabrikam'"))).toBe(true)
  })

  it('reports broken JSON at its position', () => {
    const parsed = parsePolicy('{\n  "schemaVersion": 1,\n  "tiers": {\n}', 'p.json')

    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error.line).toBe(4)
  })
})
