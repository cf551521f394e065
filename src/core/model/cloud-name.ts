/** The Microsoft cloud a tenant lives in. A module of its own: the section declarations import it, and the snapshot imports them. */
export type CloudName = 'global' | 'usgov' | 'usgov-dod' | 'china'
