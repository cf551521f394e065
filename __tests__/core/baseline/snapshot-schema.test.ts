import { describe, expect, it } from '@jest/globals'
import { OBJECT_KINDS } from '../../../src/core/model/finding.js'
import {
  SNAPSHOT_SCHEMA_VERSION,
  type CloudName,
  type GuestCounts,
  type IgnoreEntry,
  type Snapshot
} from '../../../src/core/model/snapshot.js'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import {
  MAX_SCHEMA_PROBLEMS,
  SNAPSHOT_VALIDATOR_FORMATS,
  SNAPSHOT_VALIDATOR_OPTIONS,
  snapshotSchema,
  snapshotSchemaKey,
  validateSnapshotDocument,
  type SchemaProblem
} from '../../../src/core/baseline/snapshot-schema.js'
import precompiled from '../../../src/core/baseline/snapshot-validator.generated.cjs'

// Adding a field to a type without adding it here is a compile error; adding it here without the
// schema (or to the schema without the type) fails the tests below.
const SNAPSHOT_KEYS: Record<keyof Snapshot, true> = {
  schemaVersion: true,
  tenantId: true,
  cloud: true,
  capturedAt: true,
  crossTenantAccessPolicy: true,
  default: true,
  partners: true,
  identitySynchronization: true,
  tenantInformation: true,
  conditionalAccessPolicies: true,
  namedLocations: true,
  guests: true,
  authorizationPolicy: true,
  multiTenantOrganization: true,
  sharepointSettings: true,
  authenticationStrengthPolicies: true,
  multiTenantOrganizationTenants: true,
  multiTenantOrganizationJoinRequest: true,
  identityProviders: true,
  emailAuthenticationMethod: true,
  groupSettings: true,
  connectedOrganizations: true,
  entitlementManagementSettings: true,
  externalAssignmentPolicies: true,
  guestInviterRoleAssignments: true,
  authenticationFlowsPolicy: true,
  b2xUserFlows: true,
  guestAccessReviews: true,
  externalDomainFederations: true,
  crossTenantSyncJobs: true,
  invitationDomains: true,
  unavailable: true,
  ignore: true
}
const GUEST_COUNT_KEYS: Record<keyof GuestCounts, true> = {
  total: true,
  pendingAcceptance: true,
  externalMembers: true,
  staleAfterDays: true,
  stale: true,
  staleDefinition: true
}
const IGNORE_ENTRY_KEYS: Record<keyof IgnoreEntry, true> = {
  kind: true,
  key: true,
  path: true,
  reason: true,
  expires: true
}
const CLOUD_NAMES: Record<CloudName, true> = { global: true, usgov: true, 'usgov-dod': true, china: true }

const sorted = (keys: Iterable<string>): string[] => [...keys].sort()

describe('the snapshot schema and the TypeScript types describe the same document', () => {
  it('has exactly the Snapshot keys at the top level (plus $schema for editors)', () => {
    const schemaKeys = Object.keys(snapshotSchema.properties).filter((key) => key !== '$schema')

    expect(sorted(schemaKeys)).toEqual(sorted(Object.keys(SNAPSHOT_KEYS)))
  })

  it('has exactly the GuestCounts keys under guests', () => {
    expect(sorted(Object.keys(snapshotSchema.properties.guests.properties))).toEqual(
      sorted(Object.keys(GUEST_COUNT_KEYS))
    )
  })

  it('has exactly the IgnoreEntry keys in an ignore entry, and requires the same ones', () => {
    const entry = snapshotSchema.properties.ignore.items

    expect(sorted(Object.keys(entry.properties))).toEqual(sorted(Object.keys(IGNORE_ENTRY_KEYS)))
    expect(sorted(entry.required)).toEqual(['kind', 'reason'])
  })

  it('allows the ObjectKind list as ignore kinds, the CloudName list as clouds and this build’s schemaVersion', () => {
    expect(snapshotSchema.properties.ignore.items.properties.kind.enum).toEqual([...OBJECT_KINDS])
    expect(sorted(snapshotSchema.properties.cloud.enum)).toEqual(sorted(Object.keys(CLOUD_NAMES)))
    expect(snapshotSchema.properties.schemaVersion.const).toBe(SNAPSHOT_SCHEMA_VERSION)
  })

  it('describes every property it declares', () => {
    const undescribed: string[] = []
    const visit = (node: unknown, pointer: string): void => {
      if (typeof node !== 'object' || node === null) return
      for (const [key, child] of Object.entries(node)) {
        const childPointer = `${pointer}/${key}`
        if (key === 'properties' && typeof child === 'object' && child !== null) {
          for (const [name, property] of Object.entries(child)) {
            const description = (property as { description?: unknown }).description
            if (typeof description !== 'string' || description.trim() === '') {
              undescribed.push(`${childPointer}/${name}`)
            }
          }
        }
        visit(child, childPointer)
      }
    }

    visit(snapshotSchema, '')

    expect(undescribed).toEqual([])
  })
})

const TENANT = '3f8e2a71-5c4d-4e9b-8a12-6d0f7b3c9e58'
const PARTNER = 'a41c7e02-9b3d-4f6a-b5e8-1c2d3e4f5a6b'
const minimal = { schemaVersion: 1, tenantId: TENANT, cloud: 'global', capturedAt: '2026-03-14T06:30:00Z' }
const value = (pointer: string, message: string): SchemaProblem => ({ pointer, message, at: 'value' })
const key = (pointer: string, message: string): SchemaProblem => ({ pointer, message, at: 'key' })

describe('validateSnapshotDocument', () => {
  it.each<[string, Record<string, unknown>]>([
    ['the minimal snapshot', minimal],
    ['a $schema reference for editors', { ...minimal, $schema: 'https://example.invalid/snapshot-v1.json' }],
    [
      'properties Graph added without notice, and null partner settings (= inherit the default)',
      {
        ...minimal,
        partners: {
          [PARTNER]: {
            tenantId: PARTNER,
            b2bCollaborationInbound: null,
            inboundTrust: null,
            brandNewSetting: { x: 1 }
          }
        },
        default: {
          inboundTrust: { isMfaAccepted: true, isCompliantNetworkAccepted: false },
          futureFlag: 'on'
        }
      }
    ],
    ['a partner without a sync policy', { ...minimal, identitySynchronization: { [PARTNER]: null } }],
    ['a guest figure of zero', { ...minimal, guests: { total: 0, stale: 0 } }]
  ])('accepts %s', (_name, document) => {
    expect(validateSnapshotDocument(document)).toEqual([])
  })

  it.each<[string, unknown, SchemaProblem[]]>([
    ['a document that is not an object', [], [value('', 'must be an object')]],
    [
      'a missing required property',
      { schemaVersion: 1, cloud: 'global', capturedAt: '2026-03-14T06:30:00Z' },
      [value('', "missing required property 'tenantId'")]
    ],
    [
      'an unknown top-level property',
      { ...minimal, partner: {} },
      [key('/partner', "unknown property 'partner'")]
    ],
    ['another schemaVersion', { ...minimal, schemaVersion: 2 }, [value('/schemaVersion', 'must be 1')]],
    [
      'a tenantId that is not a GUID',
      { ...minimal, tenantId: 'contoso.onmicrosoft.com' },
      [value('/tenantId', 'must be a GUID (8-4-4-4-12 hexadecimal digits)')]
    ],
    [
      'an unknown cloud',
      { ...minimal, cloud: 'azure' },
      [value('/cloud', 'must be one of: global, usgov, usgov-dod, china')]
    ],
    [
      'a capturedAt that is not a date-time',
      { ...minimal, capturedAt: '14/03/2026' },
      [value('/capturedAt', 'must be a date-time (ISO 8601, e.g. 2026-03-14T06:30:00Z)')]
    ],
    [
      'an inbound trust flag that is not boolean',
      { ...minimal, default: { inboundTrust: { isMfaAccepted: 'yes' } } },
      [value('/default/inboundTrust/isMfaAccepted', 'must be boolean or null')]
    ],
    [
      'an unknown accessType',
      { ...minimal, default: { b2bCollaborationInbound: { applications: { accessType: 'allow' } } } },
      [
        value(
          '/default/b2bCollaborationInbound/applications/accessType',
          'must be one of: allowed, blocked, unknownFutureValue'
        )
      ]
    ],
    [
      'a target with an unknown targetType and no target',
      {
        ...minimal,
        partners: {
          [PARTNER]: {
            tenantId: PARTNER,
            b2bDirectConnectInbound: {
              usersAndGroups: { accessType: 'allowed', targets: [{ targetType: 'team' }] }
            }
          }
        }
      },
      [
        value(
          `/partners/${PARTNER}/b2bDirectConnectInbound/usersAndGroups/targets/0`,
          "missing required property 'target'"
        ),
        value(
          `/partners/${PARTNER}/b2bDirectConnectInbound/usersAndGroups/targets/0/targetType`,
          'must be one of: user, group, application, unknownFutureValue'
        )
      ]
    ],
    [
      'a partner keyed by a name',
      { ...minimal, partners: { 'alder-logistics': { tenantId: PARTNER } } },
      [
        key(
          '/partners/alder-logistics',
          "key 'alder-logistics' must be a GUID (8-4-4-4-12 hexadecimal digits)"
        )
      ]
    ],
    [
      'a partner without a tenantId',
      { ...minimal, partners: { [PARTNER]: { isServiceProvider: false } } },
      [value(`/partners/${PARTNER}`, "missing required property 'tenantId'")]
    ],
    [
      'a sync policy that is neither an object nor null',
      { ...minimal, identitySynchronization: { [PARTNER]: true } },
      [value(`/identitySynchronization/${PARTNER}`, 'must be an object or null')]
    ],
    [
      'a conditional access policy in an unknown state',
      { ...minimal, conditionalAccessPolicies: { p1: { id: 'p1', state: 'on' } } },
      [
        value(
          '/conditionalAccessPolicies/p1/state',
          'must be one of: enabled, disabled, enabledForReportingButNotEnforced'
        )
      ]
    ],
    [
      'an unknown allowInvitesFrom',
      { ...minimal, authorizationPolicy: { allowInvitesFrom: 'anyone' } },
      [
        value(
          '/authorizationPolicy/allowInvitesFrom',
          'must be one of: none, adminsAndGuestInviters, adminsGuestInvitersAndAllMembers, everyone, unknownFutureValue'
        )
      ]
    ],
    [
      'allowedCloudEndpoints that are not strings',
      { ...minimal, crossTenantAccessPolicy: { allowedCloudEndpoints: ['microsoftonline.us', 7] } },
      [value('/crossTenantAccessPolicy/allowedCloudEndpoints/1', 'must be a string')]
    ],
    [
      'guest figures that are negative, fractional or unknown',
      { ...minimal, guests: { total: -1, stale: 2.5, members: 3 } },
      [
        key('/guests/members', "unknown property 'members'"),
        value('/guests/total', 'must be 0 or more'),
        value('/guests/stale', 'must be an integer')
      ]
    ],
    [
      'an empty ignore key and a policy keyed by an empty string',
      {
        ...minimal,
        ignore: [{ kind: 'guests', key: '', reason: 'x' }],
        conditionalAccessPolicies: { '': {} }
      },
      [
        value('/ignore/0/key', 'must not be empty'),
        key('/conditionalAccessPolicies/', "key '' must not be empty")
      ]
    ],
    [
      'an unavailable reason that is not text',
      { ...minimal, unavailable: { guests: 403 } },
      [value('/unavailable/guests', 'must be a string')]
    ],
    [
      'ignore entries with a blank reason, a missing reason, an impossible date, an unknown kind and an unknown field',
      {
        ...minimal,
        ignore: [
          { kind: 'partner', reason: '  ', expires: '2026-02-30' },
          { kind: 'partners', until: '2026-01-01' }
        ]
      },
      [
        value('/ignore/0/reason', 'must not be blank'),
        value('/ignore/0/expires', 'must be a date (YYYY-MM-DD)'),
        value('/ignore/1', "missing required property 'reason'"),
        key('/ignore/1/until', "unknown property 'until'"),
        value('/ignore/1/kind', `must be one of: ${OBJECT_KINDS.join(', ')}`)
      ]
    ]
  ])('reports %s in plain words', (_name, document, expected) => {
    const problems = validateSnapshotDocument(document)

    expect(sorted(problems.map((p) => JSON.stringify(p)))).toEqual(
      sorted(expected.map((p) => JSON.stringify(p)))
    )
  })

  it(`stops listing after ${MAX_SCHEMA_PROBLEMS} problems`, () => {
    const ignore = Array.from({ length: 300 }, () => ({ kind: 'nothing', reason: '' }))

    const problems = validateSnapshotDocument({ ...minimal, ignore })

    expect(problems).toHaveLength(MAX_SCHEMA_PROBLEMS)
  })
})

describe('the validator npm run build compiles ahead of time', () => {
  it("was compiled from this schema (after editing a section's schema, run npm run build)", () => {
    expect(precompiled.schemaKey).toBe(snapshotSchemaKey())
  })

  it('says what the schema compiled at run time says, error for error', () => {
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
      addFormatsModule) as unknown as typeof addFormatsModule.default
    const ajv = new Ajv2020(SNAPSHOT_VALIDATOR_OPTIONS)
    addFormats(ajv, SNAPSHOT_VALIDATOR_FORMATS)
    const atRunTime = ajv.compile(snapshotSchema)
    const documents: unknown[] = [
      minimal,
      [],
      { ...minimal, tenantId: 'not-a-guid', capturedAt: 'yesterday', partner: {} },
      { ...minimal, partners: { [PARTNER]: { tenantId: 'x' } }, guests: { total: -1 } },
      { ...minimal, ignore: [{ kind: 'nothing', reason: '', expires: '2026-13-40' }] }
    ]

    for (const document of documents) {
      const verdict = precompiled(document)

      expect(verdict).toBe(atRunTime(document))
      expect(precompiled.errors ?? null).toEqual(atRunTime.errors ?? null)
    }
  })
})
