import type { CloudName } from '../core/model/cloud-name.js'
import type { JsonObject } from '../core/model/json.js'

/*
 * What one Graph resource is, stated once: where Graph serves it, what reading it takes, how the
 * snapshot holds it, the words people read about it, how to put it back and who Entra says
 * changed it. Pure data: the collectors, the comparison, the rules, the renderers and the
 * snapshot schema all derive their lists from the table in index.ts.
 */

/** A JSON Schema (draft 2020-12) fragment; its $refs point into the snapshot schema's shared $defs. */
export type SchemaFragment = Readonly<Record<string, unknown>>

/** Where Graph serves the resource. */
export interface GraphResource {
  /** Path under the version root; `{tenantId}` stands for a partner's tenant id. */
  readonly path: string
  /**
   * The version root Graph serves the resource under. Beta sections are read only with the input
   * include-beta (beta APIs can change without notice); without it they appear nowhere.
   */
  readonly apiVersion: 'v1.0' | 'beta'
  /**
   * Query options a keyed collection is read with ($filter narrowing it to what is watched); never
   * part of an object's own path, which remediation builds from `path`.
   */
  readonly query?: Readonly<Record<string, string>>
}

/**
 * Who reads the section: a collector built from this declaration by the registry, a collector of
 * its own in src/collectors, or the partners collector (which reads it alongside the partners).
 */
export type ReadBy = 'declaration' | 'own-collector' | 'partners-collector'

/** How to restore the baseline through Graph and Microsoft Graph PowerShell (v1.0 cmdlets). */
export interface RemediationFacts {
  /**
   * Every property of the Graph v1.0 type (inherited ones too, both subtypes of an abstract one): a
   * write body carries no other. The service can return more than $metadata declares; those are
   * compared, but not restorable through v1.0.
   */
  readonly properties: readonly string[]
  /** Properties Graph computes or will not take in a write body. */
  readonly readOnly: readonly string[]
  /**
   * How to return an object to the service's untouched defaults when the baseline holds them
   * (`flag` true there): a PATCH would set the values but leave the object customised (`flag`
   * false) for good, so the bound `action` is POSTed instead.
   */
  readonly reset?: { readonly flag: string; readonly action: string; readonly cmdlet: string }
  /**
   * The cmdlet that PATCHes the object; absent where Graph updates none of its properties (a role
   * assignment is deleted and created again), which then are all `readOnly`.
   */
  readonly updateCmdlet?: string
  /**
   * Why no request can put the object back, said in place of one, whatever changed: Graph v1.0
   * replaces it whole (PUT) with annotations and references the snapshot does not keep.
   */
  readonly noRestore?: string
  /** The parameter that names one object of a keyed kind (its key's value). */
  readonly idParameter?: string
  /**
   * Where the snapshot holds a posture derived from what Graph stores (a policy's JSON
   * definition), not Graph's own properties: the one write that puts the baseline's posture back,
   * in place of the generic PATCH. `path` names its version root ('/beta/...') and any id the
   * snapshot does not keep as a placeholder; `note` says what the request cannot know.
   */
  readonly derivedWrite?: {
    readonly method: 'PATCH'
    readonly path: string
    readonly cmdlet: string
    readonly note: string
    /** Pure: the body that writes the baseline object's posture. */
    body(baseline: JsonObject): JsonObject
  }
  /**
   * How to re-create an object the live tenant lost: a POST to the collection, or a PUT at the
   * object's own path. `readOnly` replaces the update list when a create body may carry more.
   */
  readonly create?: {
    readonly method: 'POST' | 'PUT'
    readonly cmdlet: string
    readonly readOnly?: readonly string[]
    readonly note?: string
    /**
     * Where Graph restores a soft-deleted object with its id (and so its baseline key), `{id}`
     * standing for the key: documented in beta only, so offered before the re-creation as a note.
     */
    readonly restoreBeta?: string
  }
  /** How to delete an object the live tenant gained. */
  readonly remove?: { readonly cmdlet: string; readonly note?: string }
  /**
   * The application permissions mode: revert's own app registration needs to send this kind's
   * remediation (and read the object back), least privileged first; absent: revert refuses the kind.
   */
  readonly writePermissions?: readonly string[]
}

/** The directory audit activities Entra writes for changes of this kind, or why none can explain them. */
export type AuditFacts = { readonly activities: readonly string[] } | { readonly notAudited: string }

/** Words for an object of the section's kind. */
export interface ObjectWords {
  /** Rule summaries' subject: 'The default configuration', or before a keyed object's name ('Partner'). */
  readonly subject: string
  /** Issue titles and bodies: a singleton's whole subject, or before a keyed object's name. */
  readonly issueSubject: string
  /** How a new baseline's description counts what it declares; absent: not mentioned. */
  readonly inventory?: { readonly one: string; readonly many?: string }
}

interface Declared {
  /** The snapshot's (and baseline's) top-level key: a public contract, never renamed. */
  readonly id: string
  readonly graph: GraphResource
  /** Least-privileged application permission, quoted in 403 messages and the README. */
  readonly permission: string
  /** Core sections make a run fail when they cannot be read; optional ones are reported and skipped. */
  readonly core: boolean
  /** The clouds whose Graph offers the resource; all when absent. */
  readonly clouds?: readonly CloudName[]
  /**
   * Top-level properties of the section's objects that a cloud's Graph v1.0 does not have, per
   * cloud (clouds not named have them all). A snapshot taken there names each one in `unavailable`
   * as '<section id>.<property>', holds none of them, and the comparison skips them: a property a
   * cloud lacks is missing data, never drift. Taken from the national clouds' v1.0 schemas.
   */
  readonly unavailableProperties?: Partial<Record<CloudName, readonly string[]>>
  readonly readBy: ReadBy
  /**
   * Properties of the section's objects that name an organisation or a person, or hold domains
   * (a string or a list of them), which no generic pattern recognises: redacted where published.
   * A dotted path reaches into nested objects and lists ('identitySources.domainName'); `tenantIds`
   * names properties holding partner tenant ids.
   */
  readonly identifying?: {
    readonly names?: readonly string[]
    readonly domains?: readonly string[]
    readonly tenantIds?: readonly string[]
  }
  /** The section's property in the snapshot schema. */
  readonly schema: SchemaFragment
}

interface ComparedObjects extends Declared {
  /** Findings' object kind: a public contract, never renamed. */
  readonly kind: string
  /** Read-only properties that change without anyone changing the object (timestamps): never kept. */
  readonly volatile?: readonly string[]
  /**
   * Navigation properties Graph returns expanded inline (a whole related entity where a write
   * takes a reference): dotted path → the related entity's properties that are posture. Snapshots
   * keep only those (never its timestamps or description), and write bodies name it by `{ id }`.
   */
  readonly expanded?: Readonly<Record<string, readonly string[]>>
  readonly remediation?: RemediationFacts
  readonly audit: AuditFacts
}

/** What a singleton read from a collection holds, or why the answer could not be read. */
export type Derived =
  { readonly ok: true; readonly value: JsonObject } | { readonly ok: false; readonly reason: string }

/** One Graph object, one section. */
export interface SingletonSection extends ComparedObjects {
  readonly shape: 'singleton'
  /**
   * A singleton Graph serves as a collection (the organisation's one b2bManagementPolicy): pure,
   * the posture the snapshot keeps, read from every item of the collection at `graph.path`.
   */
  readonly fromCollection?: (items: readonly JsonObject[]) => Derived
  readonly words: ObjectWords & {
    /** The object's name in reports, since a singleton has no name of its own. */
    readonly displayName: string
  }
}

/** Many objects, keyed by a property of each: a partner's tenantId or the object's id. */
export interface KeyedSection extends ComparedObjects {
  readonly shape: 'keyed'
  /** `tenantId`: a partner's tenant id, so the object is named after its partner. */
  readonly keyProperty: 'tenantId' | 'id'
  /** Graph's documented request-rate class for the collection, when it has its own. */
  readonly limitClass?: 'conditionalAccess'
  /**
   * Only the objects whose `property` holds one of `values` are kept (the rest are not the
   * section's concern); an object without the property is not kept.
   */
  readonly keepOnly?: { readonly property: string; readonly values: readonly string[] }
  readonly words: ObjectWords & {
    /** Markdown label before an object's name ('Partner' Fabrikam (…)); a singleton is labelled by its displayName. */
    readonly kindLabel: string
    /** What one entry is called in baseline error messages ('named location'). */
    readonly entry: string
  }
}

/** Figures computed from Graph (guest counts), compared figure by figure. */
export interface FiguresSection extends ComparedObjects {
  readonly shape: 'figures'
  readonly words: ObjectWords & { readonly displayName: string }
}

/** Labels for other sections' objects (partners' names): never compared, never drift. */
export interface LabelSection extends Declared {
  readonly shape: 'labels'
  readonly keyProperty: 'tenantId'
  readonly words: { readonly entry: string }
}

export type SectionDeclaration = SingletonSection | KeyedSection | FiguresSection | LabelSection
