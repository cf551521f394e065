import { describe, expect, it } from '@jest/globals'
import type { Finding } from '../../../src/core/model/finding.js'
import { planIssueSync, type IssuePlanInput, type TrackedIssue } from '../../../src/core/report/issue-plan.js'
import { parseIssueMarker, renderIssueBody, renderIssueTitle } from '../../../src/core/render/render-issue.js'
import { UNKEYED } from '../../support/pseudonyms.ts'
import {
  DEFAULT_SETTINGS,
  defaultMfaTrusted,
  FABRIKAM,
  fabrikamDeviceTrusted,
  fabrikamMfaTrusted,
  GUEST_MFA_POLICY,
  guestPolicyDisabled,
  TENANT_ID
} from '../../support/drift-fixtures.ts'

const OPTIONS = { minSeverity: 'low', labels: [], assignees: [], pseudonyms: UNKEYED } as const

/** The issue an earlier run would have written for these findings. */
function trackedFor(findings: Finding[], overrides: Partial<TrackedIssue> = {}): TrackedIssue {
  const body = renderIssueBody(FABRIKAM, findings, { tenantId: TENANT_ID, pseudonyms: UNKEYED })
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

  it('marks the comment of a changed drift with the event and the new state, so a retry can tell it was posted', () => {
    const operations = plan({
      drifted: [{ object: FABRIKAM, findings: [fabrikamMfaTrusted, fabrikamDeviceTrusted] }],
      tracked: [trackedFor([fabrikamMfaTrusted])]
    })

    const [update] = operations
    expect(update).toMatchObject({
      kind: 'update',
      commentMarker: expect.stringMatching(/^<!-- entra-b2b-drift:comment v1 event=changed state=\w+ -->$/)
    })
    if (update?.kind !== 'update') throw new Error('expected an update')
    expect(update.comment?.endsWith(update.commentMarker ?? '-')).toBe(true)
  })

  it('given the run is blocked, then every write is withheld and named, and nothing is created, edited or closed', () => {
    const operations = plan({
      drifted: [
        { object: FABRIKAM, findings: [fabrikamMfaTrusted, fabrikamDeviceTrusted] },
        { object: DEFAULT_SETTINGS, findings: [defaultMfaTrusted] }
      ],
      tracked: [trackedFor([fabrikamMfaTrusted])],
      blocked: 'partners could not be read'
    })

    expect(operations).toEqual([
      {
        kind: 'withheld',
        would: expect.stringMatching(/^update issue #7 "Entra drift: partner Fabrikam.*" with a comment$/)
      },
      {
        kind: 'withheld',
        would: expect.stringMatching(/^open an issue "Entra drift: default cross-tenant settings/)
      }
    ])
  })

  it('opens at most maxIssuesPerRun issues, the most severe first, and lists the others in one overflow issue', () => {
    const operations = plan({
      drifted: [
        { object: FABRIKAM, findings: [fabrikamDeviceTrusted] },
        { object: GUEST_MFA_POLICY, findings: [guestPolicyDisabled] },
        { object: DEFAULT_SETTINGS, findings: [defaultMfaTrusted] }
      ],
      options: { ...OPTIONS, maxIssuesPerRun: 1 }
    })

    const creates = operations.filter((operation) => operation.kind === 'create')
    expect(creates.map((operation) => operation.title)).toEqual([
      expect.stringContaining('default cross-tenant settings'),
      'Entra drift: 2 more drifted objects (over max-issues-per-run)'
    ])
    const overflow = creates[1]
    expect(overflow?.labels).toEqual(['entra-drift', 'severity:high'])
    expect(overflow?.body.split('\n').filter((line) => line.startsWith('- '))).toEqual([
      expect.stringMatching(/^- \*\*high\*\* · Entra drift: /),
      expect.stringMatching(/^- \*\*medium\*\* · Entra drift: partner Fabrikam/)
    ])
    expect(parseIssueMarker(overflow?.body ?? '')).toMatchObject({ kind: 'overflow' })
  })

  it('closes the overflow issue once no object is left over, and leaves it alone while the list is the same', () => {
    const drifted = [
      { object: FABRIKAM, findings: [fabrikamDeviceTrusted] },
      { object: DEFAULT_SETTINGS, findings: [defaultMfaTrusted] }
    ]
    const first = plan({ drifted, options: { ...OPTIONS, maxIssuesPerRun: 1 } })
    const overflowCreate = first.find(
      (operation) => operation.kind === 'create' && operation.title.includes('over max-issues-per-run')
    )
    if (overflowCreate?.kind !== 'create') throw new Error('expected an overflow issue')
    const marker = parseIssueMarker(overflowCreate.body)
    if (marker === undefined) throw new Error('the overflow issue has no marker')
    const overflowIssue: TrackedIssue = {
      number: 9,
      state: 'open',
      stateReason: null,
      title: overflowCreate.title,
      body: overflowCreate.body,
      labels: overflowCreate.labels,
      marker
    }

    const same = plan({ drifted, tracked: [overflowIssue], options: { ...OPTIONS, maxIssuesPerRun: 1 } })
    const noneLeft = plan({ drifted, tracked: [overflowIssue], options: { ...OPTIONS, maxIssuesPerRun: 5 } })

    expect(same).toContainEqual({ kind: 'none', number: 9, why: 'the objects left over are unchanged' })
    expect(noneLeft.filter((operation) => operation.kind === 'close')).toEqual([
      expect.objectContaining({ kind: 'close', number: 9, reason: 'completed' })
    ])
    expect(noneLeft.filter((operation) => operation.kind === 'create')).toHaveLength(2)
  })
})
