import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import { trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'
import {
  defaultConfiguration,
  fullSnapshot,
  OTHER_PARTNER_ID,
  PARTNER_ID,
  partnerConfiguration,
  setAt,
  TENANT_ID
} from '../support/snapshot-builder.js'
import { PullRequestScenario, readable } from '../support/check-harness.ts'
import { listWorkspaceFiles } from '../../src/runtime/workspace-files.js'

/*
 * Partner tiers at pull request time: the baseline a pull request proposes is held to the partner
 * policy committed next to it, through each partner's effective access.
 */

const BASELINE = `baselines/${TENANT_ID}.json`
const POLICY = 'baselines/partner-tiers.json'
const NEW_PARTNER_ID = 'c0c00000-0000-4000-8000-0000000000c3'

const policyText = `${JSON.stringify(
  {
    schemaVersion: 1,
    tiers: {
      strategic: { allows: { inboundTrust: ['mfa', 'compliantDevice', 'hybridJoinedDevice'] } },
      collaboration: {
        description: 'Project partners: no trust of their claims.',
        allows: { inboundTrust: [], b2bDirectConnectInbound: ['blocked', 'limited'] }
      }
    },
    partners: {
      [PARTNER_ID]: { tier: 'collaboration', name: 'Fabrikam', reason: 'Project Falcon, vetted 2026-01' },
      [OTHER_PARTNER_ID]: { tier: 'collaboration', name: 'Northwind', reason: 'Supplier portal' }
    }
  },
  null,
  2
)}\n`

const baseText = serializeSnapshot(fullSnapshot())

function positionOf(text: string, needle: string): { line: number; column: number } {
  const lines = text.split('\n')
  const index = lines.findIndex((line) => line.includes(needle))
  if (index < 0) throw new Error(`'${needle}' is not in the text`)
  return { line: index + 1, column: (lines[index] ?? '').indexOf(needle) + 1 }
}

let fake: GitHubFake
const scenarios: PullRequestScenario[] = []
let branches = 0

async function openPullRequest(baseline: string): Promise<PullRequestScenario> {
  const scenario = await PullRequestScenario.open(
    fake,
    { [BASELINE]: baseline, [POLICY]: policyText },
    `tiers-${++branches}`
  )
  scenarios.push(scenario)
  return scenario
}

beforeAll(async () => {
  trustFakeCertificate()
  fake = await startGitHubFake({ files: { [BASELINE]: baseText, [POLICY]: policyText } })
})

afterEach(async () => {
  for (const scenario of scenarios.splice(0)) await scenario.close()
})

afterAll(async () => {
  await fake.close()
})

describe('check-baseline with a partner policy', () => {
  it('fails a pull request that gives a collaboration partner inbound MFA trust, at the partner’s line, naming the tier', async () => {
    // Given Fabrikam is tier collaboration, and a pull request that trusts its MFA
    const trusting = setAt(partnerConfiguration(), 'inboundTrust', {
      isMfaAccepted: true,
      isCompliantDeviceAccepted: false,
      isHybridAzureADJoinedDeviceAccepted: false
    })
    const headText = serializeSnapshot(fullSnapshot({ partners: { [PARTNER_ID]: trusting } }))
    const pull = await openPullRequest(headText)

    // When the check runs
    const run = await pull.run()

    // Then it fails, with an annotation on Fabrikam's line in the partners section
    expect(run.outcome.failure).toContain('partner-outside-tier')
    const partnersAt = positionOf(headText, '"partners"').line
    const lines = headText.split('\n')
    const partnerLine =
      lines.findIndex((line, index) => index >= partnersAt && line.includes(`"${PARTNER_ID}"`)) + 1
    const annotation = run.log.errors().find((line) => line.message.startsWith('partner-outside-tier'))
    expect(annotation?.where).toEqual({
      file: BASELINE,
      line: partnerLine,
      column: (lines[partnerLine - 1] ?? '').indexOf(`"${PARTNER_ID}"`) + 1
    })
    // And the comment explains it in the tier's words
    const comment = readable(pull.comments()[0] ?? '')
    expect(comment).toContain('Fabrikam is tier `collaboration`; that tier allows no inbound MFA trust')
    // And the policy file, inside the baselines' glob, is not checked as a baseline
    expect(run.outcome.outputs['baseline-files']).toBe('1')
  })

  it('fails a pull request that adds a partner without a tier', async () => {
    const headText = serializeSnapshot(
      fullSnapshot({
        partners: {
          [PARTNER_ID]: partnerConfiguration(),
          [NEW_PARTNER_ID]: partnerConfiguration(NEW_PARTNER_ID)
        }
      })
    )
    const pull = await openPullRequest(headText)

    const run = await pull.run()

    expect(run.outcome.failure).toContain('partner-unclassified')
    const annotation = run.log.errors().find((line) => line.message.startsWith('partner-unclassified'))
    expect(annotation?.message).toContain(`has no tier in the partner policy (tenant ${NEW_PARTNER_ID})`)
    expect(annotation?.where?.line).toBe(positionOf(headText, `"${NEW_PARTNER_ID}": {`).line)
  })

  it('fails a pull request that loosens the default, listing the inheriting partners whose tier it breaks', async () => {
    // Given Fabrikam (a partner configuration that inherits trust) and Northwind (no configuration) are both collaboration
    const headText = serializeSnapshot(
      fullSnapshot({ default: setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true) })
    )
    const pull = await openPullRequest(headText)

    // When the default starts trusting external MFA
    const run = await pull.run()

    // Then the check fails at the default's line with both partners named
    expect(run.outcome.failure).toContain('default-breaks-partner-tier')
    const annotation = run.log.errors().find((line) => line.message.startsWith('default-breaks-partner-tier'))
    expect(annotation?.message).toContain(
      'The default trusts MFA, which breaks the tier of 2 inheriting partners: Fabrikam (tier `collaboration`), Northwind (tier `collaboration`).'
    )
    expect(annotation?.where?.line).toBe(positionOf(headText, '"default"').line)
    expect(readable(pull.comments()[0] ?? '')).toContain('Northwind (tier `collaboration`)')
  })

  it('passes a pull request that changes nothing the policy constrains', async () => {
    const headText = serializeSnapshot(
      fullSnapshot({ partners: { [PARTNER_ID]: setAt(partnerConfiguration(), 'isServiceProvider', true) } })
    )
    const pull = await openPullRequest(headText)

    const run = await pull.run()

    expect(run.log.errors().filter((line) => /tier|unclassified/.test(line.message))).toEqual([])
  })
})

describe('check-baseline on a pull request that changes the partner policy', () => {
  it('holds every baseline to the new policy: moving a trusted partner to a tier without trust fails', async () => {
    // Given a base branch where Fabrikam is strategic and its MFA is trusted
    const trusting = setAt(partnerConfiguration(), 'inboundTrust', {
      isMfaAccepted: true,
      isCompliantDeviceAccepted: false,
      isHybridAzureADJoinedDeviceAccepted: false
    })
    const baselineText = serializeSnapshot(fullSnapshot({ partners: { [PARTNER_ID]: trusting } }))
    const strategic = policyText.replace(
      `"tier": "collaboration",\n      "name": "Fabrikam"`,
      `"tier": "strategic",\n      "name": "Fabrikam"`
    )
    expect(strategic).not.toBe(policyText)
    const own = await startGitHubFake({ files: { [BASELINE]: baselineText, [POLICY]: strategic } })
    try {
      // When a pull request moves Fabrikam to collaboration, and changes no baseline
      const pull = await PullRequestScenario.open(
        own,
        { [POLICY]: policyText, [BASELINE]: baselineText },
        'retier'
      )
      scenarios.push(pull)
      const run = await pull.run({ listWorkspaceFiles })

      // Then the unchanged baseline is checked against the new policy, and the check fails
      expect(run.outcome.outputs['baseline-files']).toBe('1')
      expect(run.outcome.failure).toContain('partner-outside-tier')
      expect(readable(pull.comments()[0] ?? '')).toContain(
        'Fabrikam is tier `collaboration`; that tier allows no inbound MFA trust'
      )
    } finally {
      await own.close()
    }
  })
})

describe('check-baseline with an invalid partner policy', () => {
  it('stops with an error naming the policy file, the pointer and the line', async () => {
    const broken = policyText.replace('"inboundTrust": []', '"inboundTrust": ["mfaa"]')
    expect(broken).not.toBe(policyText)
    const pull = await PullRequestScenario.open(
      fake,
      { [BASELINE]: baseText, [POLICY]: broken },
      'broken-policy'
    )
    scenarios.push(pull)

    const run = pull.run()

    await expect(run).rejects.toThrow(
      `Partner policy ${POLICY} is invalid at /tiers/collaboration/allows/inboundTrust/0 (line ${positionOf(broken, '"mfaa"').line}`
    )
  })
})
