import { OBJECT_KINDS } from '../model/finding.js'
import base from './report-base.schema.json' with { type: 'json' }

/**
 * The JSON report's schema (draft 2020-12): report-base.schema.json with the object kinds the
 * sections declare (src/sections), so that a new section needs no edit here.
 */
export const reportSchema = {
  ...base,
  $defs: { ...base.$defs, objectKind: { ...base.$defs.objectKind, enum: [...OBJECT_KINDS] } }
}
