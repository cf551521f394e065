import { describe, expect, it } from '@jest/globals'
import type { Finding } from '../../src/core/finding.js'
import { planIssueSync, type IssuePlanInput, type TrackedIssue } from '../../src/core/issue-plan.js'
import { parseIssueMarker, renderIssueBody, renderIssueTitle } from '../../src/core/render-issue.js'
import { FABRIKAM, fabrikamDeviceTrusted, fabrikamMfaTrusted, TENANT_ID } from './drift-fixtures.ts'

const OPTIONS = { minSeverity: 'low', labels: [], assignees: [] } as const

/** The issue an earlier run would have written for these findings. */
function trackedFor(findings: Finding[], overrides: Partial<TrackedIssue> = {}): TrackedIssue {
  const body = renderIssueBody(FABRIKAM, findings, { tenantId: TENANT_ID })
  const marker = parseIssueMarker(body)
  if (marker === undefined) throw new Error('The rendered body has no marker.')
  return {
    number: 7,
    state: 'open',
    stateReason: null,
    title: renderIssueTitle(FABRIKAM, findings, {}),
    body,
    labels: ['entra-drift', 'severity:high'],
    marker,
    ...overrides
  }
}

function plan(input: Partial<IssuePlanInput>) {
  return planIssueSync({
    drifted: [],
    tracked: [],
    observed: () => true,
    tenantId: TENANT_ID,
    options: OPTIONS,
    ...input
  })
}

describe('planIssueSync', () => {
  it('refreshes the wording without a comment when only a display name changed', () => {
    const renamed = { ...FABRIKAM, displayName: 'Fabrikam Europe' }
    const drift = { ...fabrikamMfaTrusted, object: renamed }

    const operations = plan({
      drifted: [{ object: renamed, findings: [drift] }],
      tracked: [trackedFor([fabrikamMfaTrusted])]
    })

    expect(operations).toEqual([
      {
        kind: 'update',
        number: 7,
        about: expect.stringContaining('Fabrikam'),
        title: expect.stringContaining('Fabrikam Europe'),
        body: expect.any(String)
      }
    ])
  })

  it('leaves an issue alone when its kind was not observed, even without drift', () => {
    const operations = plan({
      tracked: [trackedFor([fabrikamMfaTrusted])],
      observed: (kind) => kind !== 'partner'
    })

    expect(operations).toEqual([{ kind: 'none', number: 7, why: 'its object was not observed in this run' }])
  })

  it('closes with a threshold note when only findings below the minimum severity remain', () => {
    const operations = plan({
      drifted: [{ object: FABRIKAM, findings: [fabrikamDeviceTrusted] }],
      tracked: [trackedFor([fabrikamMfaTrusted])],
      options: { ...OPTIONS, minSeverity: 'high' }
    })

    expect(operations).toEqual([
      {
        kind: 'close',
        number: 7,
        about: expect.stringContaining('Fabrikam'),
        reason: 'completed',
        comment: expect.stringContaining('at or above **high**'),
        commentMarker: expect.stringMatching(/^<!-- entra-b2b-drift:comment v1 event=resolved /)
      }
    ])
  })

  it('reopens an issue closed as not planned once the drift has changed', () => {
    const tracked = trackedFor([fabrikamMfaTrusted], { state: 'closed', stateReason: 'not_planned' })

    const operations = plan({
      drifted: [{ object: FABRIKAM, findings: [fabrikamMfaTrusted, fabrikamDeviceTrusted] }],
      tracked: [tracked]
    })

    expect(operations).toMatchObject([{ kind: 'reopen', number: 7 }])
  })

  it('reopens the latest issue closed as completed, not a duplicate', () => {
    const completed = trackedFor([fabrikamMfaTrusted], {
      number: 3,
      state: 'closed',
      stateReason: 'completed'
    })
    const duplicate = trackedFor([fabrikamMfaTrusted], {
      number: 4,
      state: 'closed',
      stateReason: 'not_planned'
    })

    const operations = plan({
      drifted: [{ object: FABRIKAM, findings: [fabrikamMfaTrusted] }],
      tracked: [completed, duplicate]
    })

    expect(operations).toMatchObject([{ kind: 'reopen', number: 3 }])
  })

  it('ignores issues whose marker belongs to another tenant', () => {
    const foreign = trackedFor([fabrikamMfaTrusted], {
      marker: { ...trackedFor([fabrikamMfaTrusted]).marker, tenant: 'ffff' }
    })

    expect(plan({ tracked: [foreign] })).toEqual([])
  })
})
