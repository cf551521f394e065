import { describe, expect, it } from '@jest/globals'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Report } from '../../src/core/report/report.js'
import { contosoTenant, CONTOSO_PARTNERS } from '../fakes/simulated-tenant.ts'
import { closedAfterEach, startJob } from '../support/e2e-fixture.js'

const closing = closedAfterEach()

/** The example policy with Northwind moved to `collaboration` and Tailspin Toys left out. */
function policy(): string {
  const example = JSON.parse(readFileSync('examples/partner-tiers.json', 'utf8')) as {
    partners: Record<string, { tier: string; name: string; reason: string }>
  }
  const partners = { ...example.partners }
  partners[CONTOSO_PARTNERS.northwind] = {
    tier: 'collaboration',
    name: 'Northwind',
    reason: 'Supplier portal'
  }
  delete partners[CONTOSO_PARTNERS.tailspin]
  return JSON.stringify({ ...example, partners }, null, 2)
}

describe('partner tiers, run as the runner runs dist/index.js', () => {
  it('given a partner policy next to the baseline, then detect reports partners outside their tier and without one, though nothing drifted', async () => {
    // Given Contoso's baseline and a policy that puts Northwind in collaboration and forgets Tailspin Toys
    const job = closing(await startJob(contosoTenant()))
    const snapshot = await job.run({ ...job.secretInputs, mode: 'snapshot' })
    expect(snapshot.exitCode).toBe(0)
    mkdirSync(join(job.workspace, 'baselines'), { recursive: true })
    writeFileSync(join(job.workspace, 'baselines/partner-tiers.json'), policy())

    // When detect runs with the default inputs
    const run = await job.run({ ...job.secretInputs })

    // Then the default breaks Northwind's tier (Northwind takes inbound collaboration, open to all,
    // from it) and Tailspin Toys has no tier
    const report = JSON.parse(readFileSync(run.outputs['report-json-path'] ?? '', 'utf8')) as Report
    expect(report.findings.map((finding) => [finding.rule, finding.object.kind, finding.object.key])).toEqual(
      [
        ['default-breaks-partner-tier', 'default', 'default'],
        ['partner-unclassified', 'partner', CONTOSO_PARTNERS.tailspin]
      ]
    )
    expect(report.findings[0]?.summary).toBe(
      'The default gives inbound B2B collaboration open, which breaks the tier of 1 inheriting partner: Northwind (tier `collaboration`).'
    )
    expect(report.findings[0]?.affects).toEqual([CONTOSO_PARTNERS.northwind])
    expect(run.exitCode).toBe(1)
    expect(run.summary).toContain('### Partner tiers')
    expect(run.stdout).toContain(
      'Partner policy baselines/partner-tiers.json: 4 tier(s), 2 partner(s) placed.'
    )
  })
})
