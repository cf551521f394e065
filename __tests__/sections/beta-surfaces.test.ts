import { describe, expect, it } from '@jest/globals'
import { blockingProblems } from '../../src/collectors/collect.js'
import { proposeBaseline } from '../../src/core/baseline/baseline-proposal.js'
import { serializeSnapshot } from '../../src/core/baseline/snapshot-file.js'
import { validateSnapshotDocument } from '../../src/core/baseline/snapshot-schema.js'
import { pairObjects } from '../../src/core/diff/objects.js'
import type { JsonObject } from '../../src/core/model/json.js'
import type { Snapshot } from '../../src/core/model/snapshot.js'
import { factsOfSnapshot } from '../../src/core/report/identifying-facts.js'
import { sectionLabel } from '../../src/core/render/render-labels.js'
import { invitationDomainPosture, invitationDomainsSection } from '../../src/sections/invitation-domains.js'
import {
  b2bManagementPolicy,
  cloneTenant,
  contosoTenant,
  CONTOSO_B2B_MANAGEMENT_POLICY_ID,
  type SimulatedTenant
} from '../fakes/simulated-tenant.ts'
import { collect, findingsBetween, SECTION_TEST_NOW } from '../support/section-harness.js'

// Sections Graph serves only in beta (issue 15, surface 3): read only with include-beta, and then
// like any optional section; without it they appear nowhere. The one so far is the B2B invitation
// domain allow or block list, parsed from the definition of the beta b2bManagementPolicy.

const NOW = SECTION_TEST_NOW
const BETA = { includeBeta: true }

function withDomainList(
  tenant: SimulatedTenant,
  list: { AllowedDomains: string[] } | { BlockedDomains: string[] }
): SimulatedTenant {
  const changed = cloneTenant(tenant)
  changed.b2bManagementPolicies = [b2bManagementPolicy(CONTOSO_B2B_MANAGEMENT_POLICY_ID, list)]
  return changed
}

function blockListTenant(domains: string[]): SimulatedTenant {
  return withDomainList(contosoTenant({ now: NOW }), { BlockedDomains: domains })
}

describe('include-beta off (the default)', () => {
  it('given Contoso, when it is read without include-beta, then no request goes to the beta root and the section appears nowhere', async () => {
    const { snapshot, problems, fake } = await collect(contosoTenant({ now: NOW }))

    const paths = fake.graphRequests().map((request) => request.path)
    expect(paths.length).toBeGreaterThan(0)
    expect(paths.filter((path) => path.startsWith('/beta'))).toEqual([])
    expect(fake.requests.filter((request) => request.path.startsWith('/beta'))).toEqual([])
    expect(snapshot).not.toHaveProperty('invitationDomains')
    expect(Object.keys(snapshot.unavailable ?? {})).not.toContain('invitationDomains')
    expect(problems.map((problem) => problem.section)).not.toContain('invitationDomains')
  })

  it('given a baseline holding the beta section, when the live run has no include-beta, then it is neither compared nor listed as not compared, and an accepted-drift proposal keeps it', async () => {
    const baseline = (await collect(contosoTenant({ now: NOW }), undefined, 'global', BETA)).snapshot
    const live = (await collect(blockListTenant(['outlook.example']))).snapshot

    const { pairs, notCompared } = pairObjects(baseline, live)

    expect(pairs.map((pair) => pair.object.kind)).not.toContain('invitationDomains')
    expect(notCompared.map((entry) => entry.section)).not.toContain('invitationDomains')
    const proposal = JSON.parse(
      proposeBaseline(serializeSnapshot(baseline), serializeSnapshot(live))
    ) as Snapshot
    expect(proposal.invitationDomains).toEqual(baseline.invitationDomains)
  })
})

describe('the invitation domain allow or block list (GET /beta/policies/b2bManagementPolicies)', () => {
  it('given Contoso and include-beta, then the snapshot holds the allow list, lower case and sorted, read from the beta root', async () => {
    const { snapshot, problems, fake } = await collect(contosoTenant({ now: NOW }), undefined, 'global', BETA)

    expect(problems).toEqual([])
    expect(snapshot.invitationDomains).toEqual({
      mode: 'allowList',
      allowedDomains: ['fabrikam.example', 'litware.example', 'northwind.example'],
      blockedDomains: []
    })
    expect(validateSnapshotDocument(JSON.parse(serializeSnapshot(snapshot)))).toEqual([])
    const beta = fake.graphRequests().filter((request) => request.path.startsWith('/beta/'))
    expect(beta.map((request) => request.path)).toEqual(['/beta/policies/b2bManagementPolicies'])
    expect(
      fake.graphRequests().filter((request) => request.path.startsWith('/v1.0/policies/b2bManagement'))
    ).toEqual([])
  })

  it('given the same domains in another order and case, then nothing is drift', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = withDomainList(baseline, {
      AllowedDomains: ['LITWARE.example', 'northwind.example', 'Fabrikam.Example']
    })

    const findings = await findingsBetween(baseline, live, BETA)

    expect(findings).toEqual([])
  })

  it('given a domain added to the allow list, then a medium finding, labelled beta, names it, with a beta PATCH that puts the list back', async () => {
    const baseline = contosoTenant({ now: NOW })
    const live = withDomainList(baseline, {
      AllowedDomains: ['fabrikam.example', 'litware.example', 'northwind.example', 'adatum.example']
    })

    const findings = await findingsBetween(baseline, live, BETA)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'invitation-allowed-domain-added',
        severity: 'medium',
        summary: 'Invitation domain restriction (beta): adatum.example added to the allow list'
      })
    ])
    const remediation = findings[0]?.remediation
    expect(remediation?.graph).toEqual({
      method: 'PATCH',
      path: '/beta/policies/b2bManagementPolicies/{b2bManagementPolicyId}',
      body: {
        definition: [
          JSON.stringify({
            B2BManagementPolicy: {
              InvitationsAllowedAndBlockedDomainsPolicy: {
                AllowedDomains: ['fabrikam.example', 'litware.example', 'northwind.example']
              }
            }
          })
        ]
      }
    })
    expect(remediation?.powershell).toContain('Update-MgBetaPolicyB2BManagementPolicy')
    expect(remediation?.note).toContain('Graph beta only')
  })

  it.each([
    [
      'the allow list removed (the policy deleted)',
      (tenant: SimulatedTenant) => {
        const changed = cloneTenant(tenant)
        changed.b2bManagementPolicies = []
        return changed
      },
      'Invitation domain restriction (beta): allow list removed; guests can be invited from any domain'
    ],
    [
      'the allow list switched to a block list',
      (tenant: SimulatedTenant) => withDomainList(tenant, { BlockedDomains: ['outlook.example'] }),
      'Invitation domain restriction (beta): allow list replaced by a block list (outlook.example); guests can be invited from any other domain'
    ]
  ])('given %s, then one high finding says anyone can be invited', async (_case, change, summary) => {
    const baseline = contosoTenant({ now: NOW })

    const findings = await findingsBetween(baseline, change(baseline), BETA)

    expect(findings).toEqual([
      expect.objectContaining({ rule: 'invitation-allow-list-removed', severity: 'high', summary })
    ])
  })

  it('given a blocked domain taken off the block list, then a high finding names it', async () => {
    const baseline = blockListTenant(['outlook.example', 'gmail.example'])
    const live = blockListTenant(['outlook.example'])

    const findings = await findingsBetween(baseline, live, BETA)

    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'invitation-blocked-domain-removed',
        severity: 'high',
        summary: 'Invitation domain restriction (beta): gmail.example no longer blocked'
      })
    ])
  })

  it('given a domain newly blocked, then it is a low finding (invitations narrowed)', async () => {
    const findings = await findingsBetween(
      blockListTenant(['outlook.example']),
      blockListTenant(['outlook.example', 'gmail.example']),
      BETA
    )

    expect(findings).toEqual([
      expect.objectContaining({ rule: 'invitation-domains-changed', severity: 'low' })
    ])
  })

  it('given the app lacks Policy.Read.B2BManagementPolicy, then only that section is unavailable, names the permission and does not block the run', async () => {
    const tenant = contosoTenant({ now: NOW })
    tenant.grantedPermissions.delete('Policy.Read.B2BManagementPolicy')

    const { snapshot, problems } = await collect(tenant, undefined, 'global', BETA)

    expect(problems).toEqual([
      expect.objectContaining({ section: 'invitationDomains', status: 'unavailable', core: false })
    ])
    expect(problems[0]?.reason).toContain('/beta/policies/b2bManagementPolicies')
    expect(problems[0]?.reason).toContain('Policy.Read.B2BManagementPolicy')
    expect(blockingProblems(problems)).toEqual([])
    expect(snapshot.unavailable).toHaveProperty('invitationDomains')
    expect(snapshot.conditionalAccessPolicies).toBeDefined()
  })

  it('given a national cloud, then the section is unavailable there (the beta list page is global only) and not read', async () => {
    const { problems, fake } = await collect(contosoTenant({ now: NOW }), undefined, 'usgov', BETA)

    expect(problems.filter((problem) => problem.section === 'invitationDomains')).toEqual([
      {
        section: 'invitationDomains',
        status: 'unavailable',
        core: false,
        reason: '/beta/policies/b2bManagementPolicies is not offered in the usgov cloud'
      }
    ])
    expect(fake.graphRequests().filter((request) => request.path.startsWith('/beta/'))).toEqual([])
  })

  it('labels the section beta where lists of sections name it (not compared)', () => {
    expect(sectionLabel('invitationDomains')).toBe('invitationDomains (beta)')
    expect(sectionLabel('partners')).toBe('partners')
  })

  it('declares the domains identifying, so public reports redact them', async () => {
    const { snapshot } = await collect(contosoTenant({ now: NOW }), undefined, 'global', BETA)

    expect(factsOfSnapshot(snapshot).domains).toEqual(
      expect.arrayContaining(['fabrikam.example', 'litware.example'])
    )
  })
})

describe('reading the posture from the b2bManagementPolicy definition', () => {
  const policy = (definition: string[], isOrganizationDefault: unknown = true): JsonObject =>
    ({ id: 'p-1', definition, isOrganizationDefault }) as JsonObject

  it.each([
    ['no policy', [], { mode: 'none', allowedDomains: [], blockedDomains: [] }],
    [
      "the beta docs' single-quoted example",
      [policy(["{'B2BManagementPolicy':{'Version':1}}"], 'true')],
      { mode: 'none', allowedDomains: [], blockedDomains: [] }
    ],
    [
      "the create example's invitationsAllowedAndBlocked, both lists",
      [
        policy([
          "{'B2BManagementPolicy':{'version':1,'invitationsAllowedAndBlocked':{'AllowedDomains':['microsoft.com','live.com'],'BlockedDomains':['bing.com']}}}"
        ])
      ],
      { mode: 'allowList', allowedDomains: ['live.com', 'microsoft.com'], blockedDomains: ['bing.com'] }
    ],
    [
      'an empty block list (what the portal leaves for "any domain")',
      [
        policy([
          '{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":{"BlockedDomains":[]}}}'
        ])
      ],
      { mode: 'none', allowedDomains: [], blockedDomains: [] }
    ],
    [
      'a policy that is not the organisation default',
      [
        policy(
          [
            '{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":{"BlockedDomains":["x.example"]}}}'
          ],
          false
        )
      ],
      { mode: 'none', allowedDomains: [], blockedDomains: [] }
    ]
  ])('given %s, then the posture is as documented', (_case, items, expected) => {
    expect(invitationDomainPosture(items)).toEqual({ ok: true, value: expected })
  })

  it('declares the properties of the beta b2bManagementPolicy type (b2bmanagementpolicy.md) for its write body', () => {
    expect([...invitationDomainsSection.remediation.properties].sort()).toEqual([
      'definition',
      'deletedDateTime',
      'description',
      'displayName',
      'id',
      'isOrganizationDefault'
    ])
  })

  it('given a definition that is not JSON, then it cannot be read, and says so', () => {
    const read = invitationDomainPosture([policy(['not json'])])

    expect(read).toEqual({ ok: false, reason: expect.stringContaining('not the JSON') })
  })
})
