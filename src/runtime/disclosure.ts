import type { Logger } from './logger.js'
import type { IdentifyingFacts } from '../core/report/identifying-facts.js'
import type { Pseudonyms } from '../core/model/pseudonym.js'
import {
  placeholdersFor,
  redactText,
  secretScrubber,
  transformLines,
  type RedactionContext
} from '../core/report/redact.js'
import { createPseudonyms } from './pseudonyms.js'

/**
 * What one run may show, decided once at the edge before anything is printed: whether identifiers
 * are redacted (a repository that is not private, or `redact: true`), the pseudonyms markers and
 * placeholders are made of, and the identifying values learnt so far. Every surface a visitor can
 * read (log, annotations, job summary, report files, issues, comments, pull requests, branch names)
 * goes through `text()`.
 */
export class Disclosure {
  readonly redact: boolean
  readonly pseudonyms: Pseudonyms
  readonly #tenantIds: string[] = []
  readonly #names = new Set<string>()
  readonly #domains = new Set<string>()
  #context: RedactionContext | undefined
  readonly #secrets = new Set<string>()
  #scrub: ((text: string) => string) | undefined
  readonly #placeholder: RedactionContext['placeholder']

  constructor(options: { redact: boolean; pseudonymKey: string | undefined; tenantId?: string | undefined }) {
    this.redact = options.redact
    this.pseudonyms = createPseudonyms(options.pseudonymKey)
    if (options.tenantId !== undefined) this.#tenantIds.push(options.tenantId.toLowerCase())
    // Numbered placeholders are assigned on first sight, so our own tenant is named first: `tenant-1`.
    this.#placeholder = placeholdersFor(this.pseudonyms, this.#tenantIds)
  }

  /** Nothing is redacted (a private repository, or the CLI on a workstation). */
  static none(pseudonymKey?: string): Disclosure {
    return new Disclosure({ redact: false, pseudonymKey })
  }

  learn(facts: Partial<IdentifyingFacts>): void {
    const known = new Set(this.#tenantIds)
    for (const id of facts.tenantIds ?? []) {
      const lower = id.toLowerCase()
      if (!known.has(lower)) {
        known.add(lower)
        this.#tenantIds.push(lower)
        this.#context = undefined
      }
    }
    for (const name of facts.names ?? []) this.#learnInto(this.#names, name)
    for (const domain of facts.domains ?? []) this.#learnInto(this.#domains, domain)
  }

  #learnInto(values: Set<string>, value: string): void {
    if (values.has(value)) return
    values.add(value)
    this.#context = undefined
  }

  /** The context the pure renderers redact with, or undefined when nothing is redacted. */
  context(): RedactionContext | undefined {
    if (!this.redact) return undefined
    // One object until something new is learnt: the core compiles its patterns once per context.
    this.#context ??= {
      knownTenantIds: [...this.#tenantIds],
      knownNames: [...this.#names],
      knownDomains: [...this.#domains],
      placeholder: this.#placeholder
    }
    return this.#context
  }

  /** A secret the run holds (a credential, a token): never shown, whatever `redact` says. */
  addSecret(secret: string): void {
    this.#secrets.add(secret)
    this.#scrub = undefined
  }

  /** `value` as it may be shown: secrets masked always, identifiers redacted where they must be. */
  text(value: string): string {
    this.#scrub ??= secretScrubber([...this.#secrets])
    const scrubbed = this.#secrets.size === 0 ? value : this.#scrub(value)
    const context = this.context()
    return context === undefined ? scrubbed : redactText(scrubbed, context)
  }

  /**
   * Text in pieces as it may be shown, a line at a time (transformLines): for files too large to
   * hold whole with their redacted copies. The pieces pass through untouched when there is nothing
   * to mask or redact.
   */
  textPieces(pieces: Iterable<string>): Iterable<string> {
    if (this.#secrets.size === 0 && !this.redact) return pieces
    return transformLines(pieces, (line) => this.text(line))
  }

  /** How the run's tenant reads where it is shown: its GUID, or its placeholder. */
  tenantLabel(tenantId: string): string {
    return this.redact ? this.#placeholder(tenantId.toLowerCase(), 'tenant') : tenantId.toLowerCase()
  }

  /**
   * Why hidden markers and hashed names must not be published, or undefined when they may: where
   * identifiers are redacted, only keyed tokens may stand for them (tenant ids are public, and a
   * plain hash of one is reversed by hashing every candidate).
   */
  get unkeyedMarkersRefused(): string | undefined {
    if (!this.redact || this.pseudonyms.keyed) return undefined
    return "input 'pseudonym-key' is empty: where identifiers are redacted, the hidden markers that let later runs find their issues and branches must be keyed tokens (an unkeyed hash of a tenant id is reversible). Set pseudonym-key from a repository secret (see SECURITY.md)"
  }

  /**
   * The log as others may read it: secrets masked, messages and group titles redacted. Annotation paths are
   * redacted too, unless `keepFilePaths` (check-baseline: the files are the pull request's own,
   * readable in its diff, and an annotation must point at them).
   */
  logger(log: Logger, options: { keepFilePaths?: boolean } = {}): Logger {
    const where = (place: Parameters<Logger['error']>[1]): Parameters<Logger['error']>[1] =>
      place === undefined || options.keepFilePaths || !this.redact
        ? place
        : { ...place, file: this.text(place.file) }
    return {
      info: (message) => log.info(this.text(message)),
      ...(log.notice ? { notice: (message: string) => log.notice?.(this.text(message)) } : {}),
      warning: (message, place) => log.warning(this.text(message), where(place)),
      error: (message, place) => log.error(this.text(message), where(place)),
      group: (title, work) => log.group(this.text(title), work)
    }
  }
}
