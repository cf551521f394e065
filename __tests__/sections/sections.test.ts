import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { COLLECTORS } from '../../src/collectors/registry.js'
import { snapshotSchema } from '../../src/core/baseline/snapshot-schema.js'
import { pairObjects } from '../../src/core/diff/objects.js'
import type { ObjectDrift } from '../../src/core/diff/diff.js'
import { OBJECT_KINDS, type ObjectRef } from '../../src/core/model/finding.js'
import { SECTION_IDS, type Snapshot } from '../../src/core/model/snapshot.js'
import { renderIssueTitle } from '../../src/core/render/render-issue.js'
import { objectLabel } from '../../src/core/render/render-labels.js'
import { reportSchema } from '../../src/core/report/report-schema.js'
import { AUDIT_ACTIVITIES } from '../../src/core/rules/attribution.js'
import { classify } from '../../src/core/rules/classify.js'
import { remediationFor } from '../../src/core/rules/remediation.js'
import { subject } from '../../src/core/rules/rules.js'
import { SECTIONS, type ObjectSection } from '../../src/sections/index.js'

// The contract of the section table (src/sections): every declared resource is read, validated,
// compared, worded, restorable where Graph allows it, and nothing else in src/ keeps a list of them.

const objectSections = SECTIONS.filter((section): section is ObjectSection => 'kind' in section)
const sampleObject = (section: ObjectSection): ObjectRef =>
  section.shape === 'keyed'
    ? { kind: section.kind, key: 'k-1', displayName: 'Sample' }
    : { kind: section.kind, key: section.id, displayName: section.words.displayName }

describe('the section table', () => {
  it('declares each section id and object kind once', () => {
    const kinds = objectSections.map((section) => section.kind)

    expect(new Set(SECTION_IDS).size).toBe(SECTIONS.length)
    expect(new Set(kinds).size).toBe(kinds.length)
    expect(OBJECT_KINDS).toEqual(kinds)
  })

  it.each(SECTIONS.map((section) => [section.id, section] as const))(
    '%s: is read by a registered collector with its declared permission and core',
    (_id, section) => {
      const reader = section.readBy === 'partners-collector' ? 'partners' : section.id
      const collector = COLLECTORS.find((candidate) => candidate.id === reader)

      expect(collector).toBeDefined()
      if (section.readBy !== 'partners-collector') {
        expect(collector?.permission).toBe(section.permission)
        expect(collector?.core).toBe(section.core)
      }
      expect(section.permission).toMatch(/^[A-Z][A-Za-z]+(\.[A-Za-z0-9]+)+$/)
      expect(['v1.0', 'beta']).toContain(section.graph.apiVersion)
      // A beta section's collector says so, and runs only with include-beta.
      expect(collector?.apiVersion === 'beta').toBe(
        section.graph.apiVersion === 'beta' && section.readBy !== 'partners-collector'
      )
      expect(section.graph.path).toMatch(/^\//)
    }
  )

  it('registers no collector for a section it does not declare', () => {
    const ids: readonly string[] = SECTION_IDS

    for (const collector of COLLECTORS) expect(ids).toContain(collector.id)
  })

  it.each(SECTIONS.map((section) => [section.id, section] as const))(
    '%s: appears in the composed snapshot schema as declared',
    (id, section) => {
      expect((snapshotSchema.properties as Record<string, unknown>)[id]).toBe(section.schema)
    }
  )

  it('lets baseline ignore entries and JSON reports name exactly the declared kinds', () => {
    expect(snapshotSchema.properties.ignore.items.properties.kind.enum).toEqual([...OBJECT_KINDS])
    expect(reportSchema.$defs.objectKind.enum).toEqual([...OBJECT_KINDS])
  })

  it.each(objectSections.map((section) => [section.kind, section] as const))(
    '%s: has words in the renderers and a subject in rule summaries and issue titles',
    (_kind, section) => {
      const object = sampleObject(section)

      const label = objectLabel(object)
      const summarySubject = subject(object)
      const title = renderIssueTitle(object, [], {})

      expect(label).toBe(
        section.shape === 'keyed' ? `${section.words.kindLabel} Sample (k-1)` : object.displayName
      )
      expect(summarySubject.startsWith(section.words.subject)).toBe(true)
      expect(title).toContain(section.words.issueSubject)
    }
  )

  it.each(
    objectSections
      .filter((section) => section.shape !== 'figures')
      .map((section) => [section.kind, section] as const)
  )('%s: a change of any property is classified (the rules close the kind)', (_kind, section) => {
    const drift: ObjectDrift = {
      object: sampleObject(section),
      change: 'modified',
      before: { someUnknownSetting: 1 },
      after: { someUnknownSetting: 2 },
      changes: [{ path: 'someUnknownSetting', before: 1, after: 2 }],
      newProperties: []
    }

    const findings = classify([drift], { today: '2026-03-01' })

    expect(findings).toHaveLength(1)
  })

  it.each(objectSections.map((section) => [section.kind, section] as const))(
    '%s: declares its audit facts, and its Graph writes when Graph can restore it',
    (kind, section) => {
      const audited = 'activities' in section.audit
      expect(AUDIT_ACTIVITIES[kind] !== undefined).toBe(audited)
      if (!('remediation' in section)) return
      const object = sampleObject(section)
      const noRestore: string | undefined =
        'noRestore' in section.remediation ? section.remediation.noRestore : undefined
      if (noRestore !== undefined) {
        // Graph cannot take the baseline back in one request: the finding says why, whatever changed.
        for (const change of ['added', 'removed', 'modified'] as const) {
          const remediation = remediationFor(
            { object, change, before: {}, after: {}, changes: [], newProperties: [] },
            []
          )
          expect(remediation).toEqual({ note: noRestore })
        }
        return
      }
      const derivedWrite =
        'derivedWrite' in section.remediation ? section.remediation.derivedWrite : undefined
      if (derivedWrite !== undefined) {
        // The snapshot holds a posture, not Graph's properties: the declared write, whatever changed.
        const drift: ObjectDrift = {
          object,
          change: 'modified',
          before: {},
          after: { someSetting: 1 },
          changes: [{ path: 'someSetting', before: null, after: 1 }],
          newProperties: []
        }
        const remediation = remediationFor(drift, drift.changes)
        expect(remediation?.graph?.method).toBe(derivedWrite.method)
        expect(remediation?.graph?.path).toBe(derivedWrite.path)
        expect(remediation?.graph?.path.startsWith(`/${section.graph.apiVersion}/`)).toBe(
          section.graph.apiVersion === 'beta'
        )
        expect(remediation?.powershell).toContain(derivedWrite.cmdlet)
        return
      }
      const readOnly: readonly string[] = section.remediation.readOnly
      if (!('updateCmdlet' in section.remediation)) {
        // Graph updates nothing of it (a role assignment): every property is read-only, and a
        // lost or new object is put back by a create or a delete.
        expect(section.remediation.properties.filter((property) => !readOnly.includes(property))).toEqual([])
        expect(section.remediation).toHaveProperty('create')
        expect(section.remediation).toHaveProperty('remove')
        return
      }
      // A property of the v1.0 type that Graph takes in a write body: nothing else is written.
      const setting = section.remediation.properties.find((property) => !readOnly.includes(property))
      expect(setting).toBeDefined()
      const path = setting ?? ''
      const drift: ObjectDrift = {
        object,
        change: 'modified',
        before: { [path]: 1 },
        after: { [path]: 2 },
        changes: [{ path, before: 1, after: 2 }],
        newProperties: []
      }

      const remediation = remediationFor(drift, drift.changes)

      expect(remediation?.graph?.method).toBe('PATCH')
      expect(remediation?.graph?.path).toBe(
        section.shape === 'singleton'
          ? section.graph.path
          : section.graph.path.includes('{tenantId}')
            ? section.graph.path.replace('{tenantId}', 'k-1')
            : `${section.graph.path}/k-1`
      )
      expect(remediation?.powershell).toContain(section.remediation.updateCmdlet)
    }
  )

  it('pairs every singleton and keyed section, and only those', () => {
    const snapshot = {
      schemaVersion: 1,
      tenantId: '00000000-0000-0000-0000-000000000000',
      cloud: 'global',
      capturedAt: '2026-03-01T00:00:00Z'
    } as Snapshot
    for (const section of SECTIONS) {
      Object.assign(snapshot, { [section.id]: section.shape === 'singleton' ? { a: 1 } : {} })
    }

    const { notCompared } = pairObjects(snapshot, snapshot)

    expect(notCompared).toEqual([])
  })
})

// What a new resource costs. Measured: the files of src/ whose text names a section id, besides
// the generic table (src/sections/index.ts). A singleton that needs no behaviour of its own
// (multiTenantOrganization, sharepointSettings) is named in exactly three: its declaration, the
// Snapshot interface (tied to the table at compile time) and the rules that classify its changes.
// Before the table it was 14 files each.
const SRC = resolve(import.meta.dirname, '../../src')
const TABLE = 'sections/index.ts'

/** The files a person writes: what `npm run build` generates (the precompiled validator) is not counted. */
function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.includes('.generated.') ? [] : [path]
  })
}

function filesNaming(word: string): string[] {
  // A Graph path segment ('/tenantRelationships/multiTenantOrganization/tenants') is not the id.
  const pattern = new RegExp(`(?<!/)\\b${word}\\b(?!/)`)
  return sourceFiles(SRC)
    .map((path) => relative(SRC, path).replaceAll('\\', '/'))
    .filter((path) => path !== TABLE && pattern.test(readFileSync(join(SRC, path), 'utf8')))
    .sort()
}

// The B2B surfaces of issue 15 are held to the same bound, keyed collections included.
const PLAIN_SECTIONS = [
  'multiTenantOrganization',
  'sharepointSettings',
  'authenticationStrengthPolicies',
  'multiTenantOrganizationTenants',
  'multiTenantOrganizationJoinRequest',
  'identityProviders',
  'emailAuthenticationMethod',
  'groupSettings',
  // Entitlement management's external surface (h12).
  'connectedOrganizations',
  'entitlementManagementSettings',
  'externalAssignmentPolicies',
  // h11: guest inviters, self-service sign-up, guest access reviews
  'guestInviterRoleAssignments',
  'authenticationFlowsPolicy',
  'b2xUserFlows',
  'guestAccessReviews',
  // h15: SAML/WS-Fed direct federation
  'externalDomainFederations',
  // h-sync: cross-tenant synchronization jobs
  'crossTenantSyncJobs',
  // h-beta: the invitation domain allow or block list (Graph beta)
  'invitationDomains'
]

describe('the cost of a new section', () => {
  it.each(PLAIN_SECTIONS)('%s is named in at most 3 files of src/ besides the table', (id) => {
    const files = filesNaming(id)

    expect(files.length).toBeLessThanOrEqual(3)
    expect(files).toEqual(expect.arrayContaining(['core/model/snapshot.ts']))
    expect(files.filter((file) => file.startsWith('sections/'))).toHaveLength(1)
  })
})
