import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { inert } from '../../src/core/render/inert.js'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import { Disclosure } from '../../src/runtime/disclosure.js'
import { PullRequestScenario } from '../support/check-harness.ts'
import { defaultConfiguration, fullSnapshot, setAt, TENANT_ID } from '../support/snapshot-builder.js'
import { trustFakeCertificate } from '../fakes/fake-cloud.ts'
import { startGitHubFake, type GitHubFake } from '../fakes/github-fake.ts'

/*
 * The runner masks secrets in the log only. A sign-in error that echoes the client secret would
 * reach the pull request comment and the job summary, where `inert` escaping would even hide it
 * from the runner's masking: every published text is scrubbed of the run's secrets first.
 */

const SECRET = 'Zq8~p@ss_w0rd*Secret!value-123'
const BASELINE = `baselines/${TENANT_ID}.json`

let fake: GitHubFake
beforeAll(async () => {
  trustFakeCertificate()
  fake = await startGitHubFake({ files: { [BASELINE]: serializeSnapshot(fullSnapshot()) } })
})
afterAll(async () => {
  await fake.close()
})

describe('a secret echoed by a failed sign-in', () => {
  it('reaches neither the pull request comment nor the summary, raw or escaped', async () => {
    const disclosure = Disclosure.none()
    disclosure.addSecret(SECRET)
    const pull = await PullRequestScenario.open(
      fake,
      {
        [BASELINE]: serializeSnapshot(
          fullSnapshot({ default: setAt(defaultConfiguration(), 'inboundTrust.isMfaAccepted', true) })
        )
      },
      'echo'
    )
    try {
      const run = await pull.run({
        collectLive: () =>
          Promise.reject(new Error(`AADSTS7000215: Invalid client secret provided: '${SECRET}'.`)),
        publicText: (text) => disclosure.text(text)
      })

      const published = [...pull.comments(), run.summary].join('\n')
      expect(published).toContain('AADSTS7000215')
      expect(published).toContain('***')
      expect(published).not.toContain(SECRET)
      expect(published).not.toContain(inert(SECRET))
      expect(published).not.toContain('w0rd')
    } finally {
      await pull.close()
    }
  })

  it('is masked in text escaped for markdown, whatever the redaction', () => {
    const disclosure = new Disclosure({ redact: true, pseudonymKey: undefined })
    disclosure.addSecret(SECRET)

    expect(disclosure.text(`raw ${SECRET} escaped ${inert(SECRET)}`)).toBe('raw *** escaped ***')
  })
})
