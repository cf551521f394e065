import { afterEach, describe, expect, it } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { reportSchema } from '../../src/core/report/report-schema.js'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { collectSnapshot } from '../../src/collectors/collect.js'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import type { Report } from '../../src/core/report/report.js'
import { parseInputs } from '../../src/inputs.js'
import { renderIssueBody, renderIssueTitle } from '../../src/core/render/render-issue.js'
import { TEST_PSEUDONYM_KEY, UNKEYED } from '../support/pseudonyms.ts'
import { runDetect } from '../../src/modes/detect.js'
import { Disclosure } from '../../src/runtime/disclosure.js'
import type { FakeCloud } from '../fakes/fake-cloud.ts'
import {
  CONTOSO_PARTNERS,
  CONTOSO_TENANT_ID,
  contosoTenant,
  type SimulatedTenant
} from '../fakes/simulated-tenant.ts'
import { readable, recordingLogger } from '../support/check-harness.ts'
import { CLIENT_ID, openTestGraph, startTestCloud } from '../support/graph-fixture.ts'

/*
 * Partner tiers every night: detect holds the live tenant to the partner policy, whatever the
 * baseline says, and reports what breaks it as findings shaped like drift findings.
 */

const NOW = new Date('2026-11-20T12:00:00Z')
const POLICY = 'baselines/partner-tiers.json'
const BASELINE = `baselines/${CONTOSO_TENANT_ID}.json`

const policyText = JSON.stringify({
  schemaVersion: 1,
  tiers: {
    strategic: {
      allows: { inboundTrust: ['mfa', 'compliantDevice', 'hybridJoinedDevice'], identitySync: true }
    },
    collaboration: { allows: { inboundTrust: [], automaticRedemption: [], identitySync: false } }
  },
  partners: {
    [CONTOSO_PARTNERS.fabrikam]: { tier: 'strategic', name: 'Fabrikam', reason: 'Subsidiary' },
    [CONTOSO_PARTNERS.northwind]: { tier: 'collaboration', name: 'Northwind', reason: 'Supplier portal' }
  }
})

const clouds: FakeCloud[] = []
const folders: string[] = []
afterEach(async () => {
  for (const cloud of clouds.splice(0)) await cloud.close()
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true })
})

async function snapshotOf(tenant: SimulatedTenant): Promise<string> {
  const cloud = await startTestCloud(tenant)
  clouds.push(cloud)
  const { graph } = openTestGraph(cloud)
  const { snapshot } = await collectSnapshot(graph, {
    tenantId: tenant.tenantId,
    cloud: 'global',
    staleGuestDays: 90,
    now: NOW
  })
  return serializeSnapshot(snapshot)
}

const validateReport = new Ajv2020({ allErrors: true, strict: true }).compile(reportSchema)
let summary = ''
let markdownReport = ''
let textReport = ''

/** detect against `live`, with `files` in the checkout; the JSON report it writes (the job summary in `summary`). */
async function detect(
  live: SimulatedTenant,
  files: Record<string, string>,
  disclosure: Disclosure = Disclosure.none()
): Promise<Report> {
  summary = ''
  const cloud = await startTestCloud(live)
  clouds.push(cloud)
  const { graph } = openTestGraph(cloud)
  const folder = await mkdtemp(join(tmpdir(), 'detect-tiers-'))
  folders.push(folder)
  const inputs = parseInputs(
    (name) => ({ mode: 'detect', 'tenant-id': CONTOSO_TENANT_ID, 'client-id': CLIENT_ID })[name] ?? ''
  )
  const written = new Map<string, string>()
  const outcome = await runDetect(
    {
      inputs,
      tenantId: CONTOSO_TENANT_ID,
      graph,
      signIn: async () => undefined,
      log: recordingLogger(),
      now: NOW,
      writeFile: async (path, text) => {
        written.set(path, typeof text === 'string' ? text : [...text].join(''))
      },
      readFile: async (path) => files[path]
    },
    {
      baselinePath: BASELINE,
      reportDirectory: folder,
      writeSummary: async (markdown) => {
        summary += markdown
      },
      disclosure
    }
  )
  expect(outcome.failure ?? '').not.toContain('invalid')
  textReport = outcome.report ?? ''
  markdownReport = written.get(`${folder}/report.md`) ?? ''
  const text = written.get(`${folder}/report.json`) ?? ''
  // Redacted files carry placeholders where the schema wants GUIDs: only plain reports are validated.
  if (!disclosure.redact) expect(validateReport(JSON.parse(text))).toBe(true)
  return JSON.parse(text) as Report
}

function trustingNorthwind(): SimulatedTenant {
  const tenant = contosoTenant({ now: NOW })
  const northwind = tenant.partners.find((partner) => partner.tenantId === CONTOSO_PARTNERS.northwind)
  if (northwind === undefined) throw new Error('no Northwind in Contoso')
  northwind.inboundTrust = {
    isMfaAccepted: true,
    isCompliantDeviceAccepted: false,
    isHybridAzureADJoinedDeviceAccepted: false
  }
  return tenant
}

describe('detect with a partner policy', () => {
  it('reports a live partner outside its tier, naming the tier, even when the baseline agrees with the tenant', async () => {
    // Given Northwind is tier collaboration, and its MFA is trusted live and in the baseline alike
    const live = trustingNorthwind()
    const baseline = await snapshotOf(live)

    // When detect runs
    const report = await detect(live, { [BASELINE]: baseline, [POLICY]: policyText })

    // Then one finding says so, shaped like a drift finding
    const outside = report.findings.filter((finding) => finding.rule === 'partner-outside-tier')
    expect(outside).toHaveLength(1)
    const finding = outside[0]
    expect(finding).toMatchObject({
      severity: 'high',
      object: { kind: 'partner', key: CONTOSO_PARTNERS.northwind, displayName: 'Northwind' },
      change: 'modified',
      changes: [{ path: 'inboundTrust.isMfaAccepted', before: [], after: true }],
      affects: [CONTOSO_PARTNERS.northwind]
    })
    expect(finding?.summary).toContain(
      'Northwind is tier `collaboration`; that tier allows no inbound MFA trust'
    )
    expect(finding?.remediation?.graph).toEqual({
      method: 'PATCH',
      path: `/policies/crossTenantAccessPolicy/partners/${CONTOSO_PARTNERS.northwind}`,
      body: {
        inboundTrust: {
          isCompliantDeviceAccepted: false,
          isHybridAzureADJoinedDeviceAccepted: false,
          isMfaAccepted: false
        }
      }
    })
    expect(finding?.attribution).toBeDefined()
    expect(finding?.id).toMatch(/^f-[0-9a-f]{16}$/)
    // And its issue compares the tenant with the tier, not with the baseline
    const object = finding?.object ?? { kind: 'partner' as const, key: '', displayName: '' }
    expect(renderIssueTitle(object, outside, {})).toBe(
      'Entra drift: partner Northwind (tenant 8a7d2c4b…) is outside its tier. Northwind is tier `collaboration`; that tier allows no inbound MFA trust. It trusts MFA.'
    )
    const body = renderIssueBody(object, outside, { tenantId: CONTOSO_TENANT_ID, pseudonyms: UNKEYED })
    expect(readable(body)).toContain(
      '| `inboundTrust.isMfaAccepted` | allowed: [] | true | high | `partner-outside-tier` |'
    )
    expect(body).toContain('To bring it within the partner policy (`partner-outside-tier`):')
    // And no drift: the baseline matches the tenant
    expect(
      report.findings.filter((f) => !f.rule.startsWith('partner-') && !f.rule.startsWith('default-'))
    ).toEqual([])
  })

  it('reports the same change made live against a baseline without it', async () => {
    const baseline = await snapshotOf(contosoTenant({ now: NOW }))

    const report = await detect(trustingNorthwind(), { [BASELINE]: baseline, [POLICY]: policyText })

    const outside = report.findings.find((finding) => finding.rule === 'partner-outside-tier')
    expect(outside?.summary).toContain('Northwind is tier `collaboration`')
    expect(report.findings.some((finding) => finding.rule === 'inbound-trust-accepted')).toBe(true)
  })

  it('reports a live partner absent from the policy as an unclassified partner', async () => {
    // Given Tailspin Toys has a partner configuration and no tier
    const live = contosoTenant({ now: NOW })
    const baseline = await snapshotOf(live)

    const report = await detect(live, { [BASELINE]: baseline, [POLICY]: policyText })

    const unclassified = report.findings.filter((finding) => finding.rule === 'partner-unclassified')
    expect(unclassified.map((finding) => finding.object.key)).toEqual([CONTOSO_PARTNERS.tailspin])
    expect(unclassified[0]?.summary).toContain('has no tier in the partner policy')
    // And the report and the job summary count the partners by tier
    expect(report.partnerTiers).toEqual({
      tiers: [
        { tier: 'strategic', partners: 1, outOfTier: 0 },
        { tier: 'collaboration', partners: 1, outOfTier: 0 }
      ],
      unclassified: 1,
      outOfTier: 0
    })
    expect(textReport).toContain(
      'Partner tiers: strategic 1 (0 out of tier), collaboration 1 (0 out of tier); 1 without a tier.'
    )
    expect(summary).toContain(
      [
        '### Partner tiers',
        '',
        '| Tier | Partners | Out of tier |',
        '| --- | ---: | ---: |',
        '| `strategic` | 1 | 0 |',
        '| `collaboration` | 1 | 0 |',
        '| (no tier) | 1 | |'
      ].join('\n')
    )
  })

  it('keeps the names the policy gives partners out of redacted report files', async () => {
    const live = trustingNorthwind()
    const baseline = await snapshotOf(live)
    const disclosure = new Disclosure({
      redact: true,
      pseudonymKey: TEST_PSEUDONYM_KEY,
      tenantId: CONTOSO_TENANT_ID
    })

    await detect(live, { [BASELINE]: baseline, [POLICY]: policyText }, disclosure)

    const text = readable(markdownReport)
    expect(text).toContain('is tier `collaboration`; that tier allows no inbound MFA trust')
    expect(text).toContain('| inboundTrust.isMfaAccepted | none | true |')
    expect(text).toContain('**Affects:** this partner only\n')
    expect(text).not.toMatch(/Northwind|Fabrikam/)
  })

  it('reports nothing of tiers without a policy file', async () => {
    const live = contosoTenant({ now: NOW })
    const baseline = await snapshotOf(live)

    const report = await detect(live, { [BASELINE]: baseline })

    expect(report.findings).toEqual([])
  })
})
