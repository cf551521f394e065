import { describe, expect, it } from '@jest/globals'
import { COMMAND_OPTIONS, inCliWords, parseCommandLine, WORKSTATION_REFUSALS } from '../../src/cli.js'
import { INPUT_NAMES } from '../../src/inputs.js'

describe('the CLI and the action inputs', () => {
  it('takes every action input as an option of snapshot or detect, or refuses it with a reason: none is silently ignored', () => {
    const taken = new Set([...Object.keys(COMMAND_OPTIONS.snapshot), ...Object.keys(COMMAND_OPTIONS.detect)])
    const refused = new Set(Object.keys(WORKSTATION_REFUSALS))

    const neither = INPUT_NAMES.filter((name) => !taken.has(name) && !refused.has(name))
    const both = INPUT_NAMES.filter((name) => taken.has(name) && refused.has(name))

    expect(neither).toEqual([])
    expect(both).toEqual([])
  })

  it("names the flag where the action's message names the input", () => {
    expect(inCliWords("Input 'graph-timeout' must be a whole number from 10 to 21600; got 'soon'.")).toBe(
      "--graph-timeout must be a whole number from 10 to 21600; got 'soon'."
    )
    expect(
      inCliWords("Could not resolve the domain 'x.example' in input 'tenant-id' to a tenant GUID.")
    ).toBe("Could not resolve the domain 'x.example' in --tenant-id to a tenant GUID.")
    expect(inCliWords("Input 'not-an-input' stays as written.")).toBe(
      "Input 'not-an-input' stays as written."
    )
  })

  it('points at the snapshot command where the action would point at a workflow', () => {
    const missing =
      "Baseline baselines/x.json does not exist. Create it from Actions with the bootstrap workflow (examples/bootstrap.yml: mode: snapshot with on-drift: pull-request opens a pull request adding it), or with the CLI's snapshot command; review it and commit it."

    expect(inCliWords(missing)).toBe(
      'Baseline baselines/x.json does not exist. Create it with the snapshot command; review it and commit it.'
    )
  })

  it('takes include-beta as the flag --include-beta, with no value', () => {
    const flag = parseCommandLine('detect', ['--tenant-id', 'contoso.example', '--include-beta'])
    const valued = parseCommandLine('snapshot', ['--include-beta=true'])

    expect(flag).toMatchObject({ ok: true, values: { 'include-beta': true } })
    expect(valued).toEqual({ ok: false, message: '--include-beta takes no value' })
  })
})
