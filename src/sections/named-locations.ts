import type { KeyedSection } from './section.js'

/** Named locations (IP ranges and countries) that Conditional Access policies reference, keyed by id. */
export const namedLocationsSection = {
  id: 'namedLocations',
  kind: 'namedLocation',
  shape: 'keyed',
  keyProperty: 'id',
  limitClass: 'conditionalAccess',
  graph: { path: '/identity/conditionalAccess/namedLocations', apiVersion: 'v1.0' },
  permission: 'Policy.Read.All',
  core: true,
  readBy: 'declaration',
  volatile: ['createdDateTime', 'modifiedDateTime', 'deletedDateTime'],
  words: {
    kindLabel: 'Named location',
    subject: 'Named location',
    issueSubject: 'named location',
    entry: 'named location',
    inventory: { one: 'named location' }
  },
  remediation: {
    properties: [
      'countriesAndRegions',
      'countryLookupMethod',
      'createdDateTime',
      'deletedDateTime',
      'displayName',
      'id',
      'includeUnknownCountriesAndRegions',
      'ipRanges',
      'isTrusted',
      'modifiedDateTime'
    ],
    readOnly: ['id', 'createdDateTime', 'modifiedDateTime', 'deletedDateTime'],
    updateCmdlet: 'Update-MgIdentityConditionalAccessNamedLocation',
    idParameter: 'NamedLocationId',
    create: {
      method: 'POST',
      cmdlet: 'New-MgIdentityConditionalAccessNamedLocation',
      // https://learn.microsoft.com/graph/api/namedlocation-restore?view=graph-rest-beta
      restoreBeta: '/identity/conditionalAccess/deletedItems/namedLocations/{id}/restore',
      note: 'The re-created location gets a new id: update its key in the baseline and in the policies that use it.'
    },
    remove: {
      cmdlet: 'Remove-MgIdentityConditionalAccessNamedLocation',
      note: 'A named location still used by a Conditional Access policy cannot be deleted.'
    }
  },
  audit: { activities: ['Add named location', 'Update named location', 'Delete named location'] },
  schema: {
    type: 'object',
    description: 'GET /identity/conditionalAccess/namedLocations, keyed by location id.',
    propertyNames: {
      type: 'string',
      minLength: 1
    },
    additionalProperties: {
      $ref: '#/$defs/namedLocation'
    }
  }
} as const satisfies KeyedSection
