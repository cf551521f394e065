import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { collectSnapshot } from '../../src/collectors/collect.js'
import { openTestGraph, startTestCloud } from '../support/graph-fixture.js'
import { contosoTenant, CONTOSO_PARTNER_DIRECTORY, CONTOSO_TENANT_ID } from '../fakes/simulated-tenant.ts'
import { NEW_PARTNER_ID } from '../fakes/drift-scenarios.ts'

const ROOT = resolve(import.meta.dirname, '../..')

async function runDemo(): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['scripts/demo.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  return { code, output }
}

describe('npm run demo', () => {
  it('prints the report as a terminal reads it: plain text, each finding with who, when, why and its revert', async () => {
    const { code, output } = await runDemo()

    expect(code).toBe(0)
    expect(output).not.toContain('&#')
    expect(output).not.toMatch(/^#+ /m)
    const findings = output.split('\n\n').filter((block) => /^(CRITICAL|HIGH|MEDIUM|LOW) /.test(block))
    expect(findings.map((finding) => finding.split(' ')[0])).toEqual(
      expect.arrayContaining(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'])
    )
    for (const finding of findings) {
      expect(finding).toMatch(/^ +(Who|Who\/when):/m)
      expect(finding).toMatch(/^ +Why: +\S/m)
    }
    expect(output).toContain('Who:      avery.admin@contoso.example')
    const withGraphWrite = findings.filter((finding) => !finding.startsWith('MEDIUM   Guests grew'))
    for (const finding of withGraphWrite) expect(finding).toMatch(/^ +Revert: +(PATCH|POST|PUT|DELETE) \//m)
    // A new partner configuration is one finding, titled with the partner's organisation and domain.
    const onNewPartner = findings.filter((finding) => finding.includes(`/partners/${NEW_PARTNER_ID}`))
    expect(onNewPartner).toHaveLength(1)
    expect(onNewPartner[0]).toMatch(
      /^MEDIUM +Partner Litware, Inc\. \(litware\.onmicrosoft\.com\): new partner configuration that pins today's default/
    )
    // Every partner is named by the organisation Graph looked up, the id kept beside the name.
    for (const { displayName, defaultDomainName } of Object.values(CONTOSO_PARTNER_DIRECTORY))
      expect(output).toContain(`${displayName} (${defaultDomainName}`)
    expect(output).toMatch(
      /^LOW +Cross-tenant sync policy for Fabrikam, Ltd \(fabrikam\.onmicrosoft\.com\): /m
    )
    expect(output).not.toMatch(/^(CRITICAL|HIGH|MEDIUM|LOW) +Partner [0-9a-f]{8}-/m)
    expect(output).toContain('drift-detected = true')
    expect(output).toContain('max-severity = critical')
  })
})

describe('baselines/example.json', () => {
  it('is what a snapshot of the simulated Contoso gives today (regenerate: node scripts/write-example-baseline.ts)', async () => {
    const cloud = await startTestCloud(contosoTenant())
    const { graph } = openTestGraph(cloud)
    const { snapshot } = await collectSnapshot(graph, {
      tenantId: CONTOSO_TENANT_ID,
      cloud: 'global',
      staleGuestDays: 90,
      now: new Date()
    })
    await cloud.close()

    const committed = JSON.parse(readFileSync(resolve(ROOT, 'baselines/example.json'), 'utf8'))
    expect({ ...committed, capturedAt: '' }).toEqual({ ...snapshot, capturedAt: '' })
  })
})
