import { describe, expect, it } from '@jest/globals'
import {
  holdsProposal,
  proposalCommitMessage,
  proposalOf,
  proposalContent,
  proposalTokenSource,
  proposalTrailerHash,
  proposeBaseline,
  sameProposal
} from '../../../src/core/baseline/baseline-proposal.js'
import { serializeSnapshot, snapshotDocument } from '../../../src/core/baseline/snapshot-file.js'
import type { Snapshot } from '../../../src/core/model/snapshot.js'

const TENANT_ID = '7d4c2a10-3b5e-4f61-9a8c-1e2f3a4b5c6d'
const PARTNER_ID = '0530e93a-6c1d-4b2f-8e7a-9d3c2b1a0f4e'

function captured(capturedAt: string, sections: Partial<Snapshot> = {}): Snapshot {
  return { schemaVersion: 1, tenantId: TENANT_ID, cloud: 'global', capturedAt, ...sections }
}

function capture(capturedAt: string, sections: Partial<Snapshot> = {}): string {
  return serializeSnapshot(captured(capturedAt, sections))
}

const BASELINE_SNAPSHOT = capture('2026-11-01T02:00:00.000Z', {
  default: { inboundTrust: { isMfaAccepted: false } },
  partners: {}
})
const LIVE = capture('2026-12-07T02:00:00.000Z', {
  default: { inboundTrust: { isMfaAccepted: true } },
  partners: { [PARTNER_ID]: { tenantId: PARTNER_ID } }
})

function withFields(text: string, before: Record<string, unknown>, after: Record<string, unknown>): string {
  return `${JSON.stringify({ ...before, ...JSON.parse(text), ...after }, null, 2)}\n`
}

describe('proposeBaseline', () => {
  it("proposes the same text from the live snapshot's document as from its file text", () => {
    const live = captured('2026-12-07T02:00:00.000Z', {
      default: { inboundTrust: { isMfaAccepted: true } },
      partners: { [PARTNER_ID]: { tenantId: PARTNER_ID } },
      unavailable: { conditionalAccessPolicies: '403 Forbidden' }
    })
    const withIgnore = withFields(
      BASELINE_SNAPSHOT,
      { $schema: './snapshot.schema.json' },
      { ignore: [{ kind: 'partner', key: PARTNER_ID, reason: 'Pilot', expires: '2027-01-31' }] }
    )

    for (const baseline of [BASELINE_SNAPSHOT, withIgnore, undefined, '[]']) {
      expect(proposeBaseline(baseline, snapshotDocument(live))).toBe(
        proposeBaseline(baseline, serializeSnapshot(live))
      )
    }
  })

  it('is the live snapshot, byte for byte, when the baseline holds nothing but a snapshot', () => {
    expect(proposeBaseline(BASELINE_SNAPSHOT, LIVE)).toBe(LIVE)
  })

  it('is the live snapshot when there is no baseline text, or it is not a JSON object', () => {
    expect(proposeBaseline(undefined, LIVE)).toBe(LIVE)
    expect(proposeBaseline('<<<<<<< HEAD\n', LIVE)).toBe(LIVE)
    expect(proposeBaseline('[]', LIVE)).toBe(LIVE)
  })

  it('keeps ignore entries and any other field a person wrote, in the author’s order', () => {
    const ignore = [
      { kind: 'partner', key: PARTNER_ID, reason: 'Pilot until January', expires: '2027-01-31' }
    ]
    const baseline = withFields(
      BASELINE_SNAPSHOT,
      { $schema: './snapshot.schema.json' },
      { ignore, reviewedBy: 'security team' }
    )

    const proposal = JSON.parse(proposeBaseline(baseline, LIVE)) as Record<string, unknown>

    expect(Object.keys(proposal)).toEqual([
      '$schema',
      'schemaVersion',
      'tenantId',
      'cloud',
      'capturedAt',
      'default',
      'partners',
      'ignore',
      'reviewedBy'
    ])
    expect(proposal).toMatchObject({
      $schema: './snapshot.schema.json',
      capturedAt: '2026-12-07T02:00:00.000Z',
      default: { inboundTrust: { isMfaAccepted: true } },
      partners: { [PARTNER_ID]: { tenantId: PARTNER_ID } },
      ignore,
      reviewedBy: 'security team'
    })
  })

  it('puts a section new to the baseline after the section that precedes it in the snapshot', () => {
    const baseline = withFields(capture('2026-11-01T02:00:00.000Z', { partners: {} }), {}, { ignore: [] })
    const live = capture('2026-12-07T02:00:00.000Z', {
      default: { inboundTrust: null },
      partners: {},
      guests: { total: 12 }
    })

    expect(Object.keys(JSON.parse(proposeBaseline(baseline, live)) as object)).toEqual([
      'schemaVersion',
      'tenantId',
      'cloud',
      'capturedAt',
      'default',
      'partners',
      'guests',
      'ignore'
    ])
  })

  it('drops a section the live tenant no longer has', () => {
    const live = capture('2026-12-07T02:00:00.000Z', { partners: {} })

    expect(JSON.parse(proposeBaseline(BASELINE_SNAPSHOT, live))).not.toHaveProperty('default')
  })

  it('keeps the baseline’s section when the live capture could not read it: missing data is not accepted', () => {
    const live = capture('2026-12-07T02:00:00.000Z', {
      partners: {},
      unavailable: { default: 'forbidden: Policy.Read.All is not granted', guests: 'unlicensed' }
    })

    const proposal = JSON.parse(proposeBaseline(BASELINE_SNAPSHOT, live)) as Record<string, unknown>

    expect(proposal.default).toEqual({ inboundTrust: { isMfaAccepted: false } })
    expect(proposal.unavailable).toEqual({ guests: 'unlicensed' })
  })

  it('keeps a key named __proto__ as plain data', () => {
    const baseline = BASELINE_SNAPSHOT.replace('{\n', '{\n  "__proto__": { "polluted": true },\n')

    const proposal = proposeBaseline(baseline, LIVE)

    expect(proposal).toContain('"__proto__"')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('comparing proposals without their timestamps', () => {
  const later = LIVE.replace('2026-12-07T02:00:00.000Z', '2026-12-08T02:00:00.000Z')

  it('treats two captures of an unchanged tenant as the same proposal, with the same token source', () => {
    expect(later).not.toBe(LIVE)
    expect(sameProposal(LIVE, later)).toBe(true)
    expect(proposalTokenSource(LIVE)).toBe(proposalTokenSource(later))
  })

  it('ignores key order, formatting and the wording of why a section was unread', () => {
    const monday = capture('2026-12-07T02:00:00.000Z', {
      unavailable: { guests: 'throttled (request-id 1)' }
    })
    const tuesday = capture('2026-12-08T02:00:00.000Z', {
      unavailable: { guests: 'throttled (request-id 2)' }
    })
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(LIVE) as object).reverse()))

    expect(sameProposal(monday, tuesday)).toBe(true)
    expect(sameProposal(LIVE, reordered)).toBe(true)
  })

  it('tells apart proposals that differ in a setting, an ignore entry or which sections were unread', () => {
    const otherSetting = LIVE.replace('"isMfaAccepted": true', '"isMfaAccepted": false')
    const withIgnore = withFields(LIVE, {}, { ignore: [{ kind: 'guests', reason: 'HR counts them' }] })
    const unread = capture('2026-12-07T02:00:00.000Z', { unavailable: { guests: 'unlicensed' } })

    expect(sameProposal(LIVE, otherSetting)).toBe(false)
    expect(sameProposal(LIVE, withIgnore)).toBe(false)
    expect(sameProposal(capture('2026-12-07T02:00:00.000Z'), unread)).toBe(false)
    expect(proposalTokenSource(LIVE)).not.toBe(proposalTokenSource(otherSetting))
  })

  it('never finds text that is not a JSON object equal to anything', () => {
    expect(proposalContent('not json')).toBeUndefined()
    expect(sameProposal('not json', 'not json')).toBe(false)
  })

  it('answers as sameProposal and proposalTokenSource from a proposal worked out once', () => {
    const otherSetting = LIVE.replace('"isMfaAccepted": true', '"isMfaAccepted": false')
    const texts = [LIVE, later, otherSetting, 'not json']
    const token = (source: string) => `token of ${source}`

    for (const proposed of texts) {
      const proposal = proposalOf(proposed, token)
      expect(proposal.text).toBe(proposed)
      expect(proposal.token).toBe(token(proposalTokenSource(proposed)))
      for (const other of texts) expect(holdsProposal(other, proposal)).toBe(sameProposal(other, proposed))
    }
  })
})

describe('the proposal commit trailer', () => {
  it('round-trips the token through the commit message', () => {
    const hash = '0123456789abcdef'
    const message = proposalCommitMessage('Entra drift: accept the live tenant settings', hash)

    expect(message).toBe(`Entra drift: accept the live tenant settings\n\nEntra-Drift-Proposal: ${hash}\n`)
    expect(proposalTrailerHash(message)).toBe(hash)
  })

  it('finds no hash in a person’s commit message', () => {
    expect(proposalTrailerHash('Keep MFA trust off for Fabrikam')).toBeUndefined()
    expect(proposalTrailerHash('Mentions Entra-Drift-Proposal: abc in passing')).toBeUndefined()
  })
})
