import { describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { draftPolicy, EXAMPLE_DEFAULT, EXAMPLE_TIERS } from '../../../src/core/tiers/draft.js'
import { parsePolicy } from '../../../src/core/tiers/policy.js'
import { runCheckFiles } from '../../../src/modes/check-files.js'
import { runDraftPolicy } from '../../../src/modes/draft-policy.js'
import { recordingLogger } from '../../support/check-harness.ts'
import {
  b2bSetting,
  fullSnapshot,
  OTHER_PARTNER_ID,
  PARTNER_ID,
  partnerConfiguration,
  setAt
} from '../../support/snapshot-builder.js'

const EXAMPLE = 'baselines/example.json'
const read = async (path: string): Promise<string | undefined> =>
  readFile(path, 'utf8').catch(() => undefined)

describe('drafting a partner policy from a baseline', () => {
  it('drafts a valid policy for baselines/example.json, and check of the example baseline with it passes', async () => {
    // Given the example baseline
    // When a policy is drafted from it
    const drafted = await runDraftPolicy(EXAMPLE, read)

    // Then the draft validates against the policy schema
    const parsed = parsePolicy(drafted.policyText ?? '', 'draft.json')
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(Object.keys(parsed.policy.tiers)).toEqual(['strategic', 'collaboration', 'restricted', 'blocked'])
    expect(Object.keys(parsed.policy.partners)).toHaveLength(3)
    // And check of the example baseline held to it passes
    const log = recordingLogger()
    const checked = await runCheckFiles(
      [EXAMPLE],
      'high',
      read,
      log,
      new Date('2026-11-20T12:00:00Z'),
      parsed.policy
    )
    expect(checked.failure).toBeUndefined()
    expect(checked.report).not.toMatch(
      /partner-outside-tier|partner-unclassified|default-breaks-partner-tier/
    )
  })

  it('ships examples/partner-tiers.json: the four example tiers, valid, and the example baseline passes it', async () => {
    const text = (await read('examples/partner-tiers.json')) ?? ''

    const parsed = parsePolicy(text, 'examples/partner-tiers.json')

    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.policy.tiers).toEqual(EXAMPLE_TIERS)
    expect(parsed.policy.default).toEqual(EXAMPLE_DEFAULT)
    const checked = await runCheckFiles(
      [EXAMPLE],
      'high',
      read,
      recordingLogger(),
      new Date('2026-11-20T12:00:00Z'),
      parsed.policy
    )
    expect(checked.failure).toBeUndefined()
  })

  it('places each partner in the tightest tier it fits and lists those that fit none', () => {
    // Given a default that lets collaboration in only for listed groups, a partner that overrides nothing,
    // and a partner that trusts MFA and opens direct connect to everyone
    const limited = b2bSetting('allowed', 'group000-0000-4000-8000-0000000000e1')
    const snapshot = fullSnapshot({
      default: setAt(
        setAt(fullSnapshot().default ?? {}, 'b2bCollaborationInbound', limited),
        'b2bCollaborationOutbound',
        limited
      ),
      partners: {
        [PARTNER_ID]: partnerConfiguration(),
        [OTHER_PARTNER_ID]: setAt(
          setAt(partnerConfiguration(OTHER_PARTNER_ID), 'inboundTrust', { isMfaAccepted: true }),
          'b2bDirectConnectInbound',
          b2bSetting('allowed')
        )
      }
    })

    // When a policy is drafted with tiers that stop short of open direct connect
    const withoutStrategic = Object.fromEntries(
      Object.entries(EXAMPLE_TIERS).filter(([name]) => name !== 'strategic')
    )
    const draft = draftPolicy(snapshot, 'test.json', withoutStrategic)

    // Then the inheriting partner is restricted, the other fits none and is listed
    expect(draft.policy.partners[PARTNER_ID]?.tier).toBe('restricted')
    expect(draft.unplaced.map((partner) => partner.tenantId)).toEqual([OTHER_PARTNER_ID])
    expect(draft.policy.partners[OTHER_PARTNER_ID]).toBeUndefined()
  })
})
