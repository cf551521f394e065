import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parsePolicy } from '../../src/core/tiers/policy.js'

const ROOT = resolve(import.meta.dirname, '../..')
const EXAMPLE = join(ROOT, 'baselines/example.json')

/** Runs the bundled CLI as a user would, offline. */
async function cli(
  args: string[],
  cwd: string
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, TMPDIR: cwd },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  return { code, stdout, stderr }
}

describe('entra-b2b-drift draft-policy, then check with the draft', () => {
  it('drafts a valid policy from the example baseline, and check of the example baseline with it passes', async () => {
    // Given a workstation with the example baseline
    const cwd = mkdtempSync(join(tmpdir(), 'entra-drift-draft-'))

    // When a policy is drafted from it into a file
    const drafted = await cli(['draft-policy', '--baseline', EXAMPLE, '--output', 'partner-tiers.json'], cwd)

    // Then every partner is placed, and the file validates
    expect(drafted.code).toBe(0)
    expect(drafted.stderr).toContain('Every partner fits a tier.')
    const parsed = parsePolicy(readFileSync(join(cwd, 'partner-tiers.json'), 'utf8'), 'partner-tiers.json')
    expect(parsed.ok).toBe(true)

    // And check of the example baseline held to it passes
    const checked = await cli(['check', EXAMPLE, '--partner-policy', 'partner-tiers.json'], cwd)
    expect(checked.stderr).toContain('Partner policy partner-tiers.json: 4 tier(s), 3 partner(s) placed.')
    expect(checked.code).toBe(0)

    // And a second draft does not replace the file without --force
    const again = await cli(['draft-policy', '--baseline', EXAMPLE, '--output', 'partner-tiers.json'], cwd)
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('partner-tiers.json exists; pass --force to replace it')
  })

  it('refuses a --partner-policy that does not exist, naming it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'entra-drift-draft-'))

    const checked = await cli(['check', EXAMPLE, '--partner-policy', 'nope.json'], cwd)

    expect(checked.code).toBe(2)
    expect(checked.stderr).toContain('--partner-policy names nope.json, which does not exist')
  })
})
