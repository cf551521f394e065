import type { KeyedSection } from './section.js'

/**
 * Tenant-wide directory settings, keyed by id; the one that matters for B2B is the Group.Unified
 * setting (template 62375ab9-6b52-47ed-826b-58e47e0e304b): AllowToAddGuests (owners may add guests
 * to Microsoft 365 groups), AllowGuestsToAccessGroups, AllowGuestsToBeGroupOwner. A tenant that never
 * created it has none, and Microsoft 365 then applies the template's defaults.
 * https://learn.microsoft.com/graph/api/group-list-settings
 */
export const groupSettingsSection = {
  id: 'groupSettings',
  kind: 'groupSetting',
  shape: 'keyed',
  keyProperty: 'id',
  graph: { path: '/groupSettings', apiVersion: 'v1.0' },
  permission: 'GroupSettings.Read.All',
  core: false,
  readBy: 'declaration',
  words: {
    kindLabel: 'Group setting',
    subject: 'Group setting',
    issueSubject: 'group setting',
    entry: 'group setting'
  },
  remediation: {
    properties: ['displayName', 'id', 'templateId', 'values'],
    // A PATCH replaces the whole values list with the baseline's.
    readOnly: ['id', 'displayName', 'templateId'],
    updateCmdlet: 'Update-MgGroupSetting',
    idParameter: 'GroupSettingId',
    create: {
      method: 'POST',
      cmdlet: 'New-MgGroupSetting',
      readOnly: ['id', 'displayName'],
      note: 'The re-created setting gets a new id: update its key in the baseline.'
    },
    remove: {
      cmdlet: 'Remove-MgGroupSetting',
      note: "Without a Group.Unified setting, Microsoft 365 applies the template's defaults, which let owners add guests."
    }
  },
  audit: {
    notAudited:
      'no Entra directory audit activity for tenant-wide group settings could be verified in the audit activity reference'
  },
  schema: {
    type: 'object',
    description: 'GET /groupSettings (tenant-wide directory settings), keyed by setting id.',
    propertyNames: { type: 'string', minLength: 1 },
    additionalProperties: {
      type: 'object',
      additionalProperties: true,
      properties: {
        displayName: { type: ['string', 'null'], description: "The template's name, e.g. Group.Unified." },
        templateId: {
          type: ['string', 'null'],
          description: 'The directory setting template the setting follows.'
        },
        values: {
          type: 'array',
          description: 'Name and value (a string) of each setting, e.g. AllowToAddGuests = "true".',
          items: {
            type: 'object',
            additionalProperties: true,
            properties: {
              name: { type: 'string', description: 'The setting, e.g. AllowToAddGuests.' },
              value: {
                type: ['string', 'null'],
                description: 'Its value, always a string ("true", "false", ...).'
              }
            }
          }
        }
      }
    }
  }
} as const satisfies KeyedSection
