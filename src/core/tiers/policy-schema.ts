/*
 * The partner policy JSON Schema (draft 2020-12): validated with ajv when the file is read, and
 * published for editors under its $id like the snapshot's.
 */

const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
const TIER_NAME = '^[a-z][a-z0-9-]{0,39}$'

const levels = (description: string) => ({
  description: `${description}: the access levels allowed ('blocked'; 'limited' to listed users, groups or applications; 'open' to all or all but a few). Absent: not constrained.`,
  type: 'array',
  items: { enum: ['blocked', 'limited', 'open'] },
  uniqueItems: true
})

const allowance = {
  type: 'object',
  additionalProperties: false,
  properties: {
    b2bCollaborationInbound: levels('Inbound B2B collaboration (their users as guests here)'),
    b2bCollaborationOutbound: levels('Outbound B2B collaboration (our users as guests there)'),
    b2bDirectConnectInbound: levels('Inbound B2B direct connect (their users in our shared channels)'),
    b2bDirectConnectOutbound: levels('Outbound B2B direct connect (our users in their shared channels)'),
    tenantRestrictions: levels(
      'Tenant restrictions (what our users may reach of their tenant from our devices and network); not configured counts as open'
    ),
    inboundTrust: {
      description:
        "The partner's claims our Conditional Access may accept. [] trusts none. Absent: not constrained.",
      type: 'array',
      items: { enum: ['mfa', 'compliantDevice', 'hybridJoinedDevice'] },
      uniqueItems: true
    },
    automaticRedemption: {
      description:
        'The directions automatic redemption (no consent prompt) may be on in. [] none. Absent: not constrained.',
      type: 'array',
      items: { enum: ['inbound', 'outbound'] },
      uniqueItems: true
    },
    identitySync: {
      description:
        'Whether the partner may synchronize users into our tenant (cross-tenant synchronization). Absent: not constrained.',
      type: 'boolean'
    }
  }
} as const

export const policySchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/entra-b2b-drift/entra-b2b-drift/schemas/partner-policy-v1.json',
  title: 'Partner tiers policy',
  description:
    'Named tiers of partner, what each may have, every partner placed in one, and what the default configuration may give every other organisation.',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'tiers', 'partners'],
  properties: {
    $schema: { description: 'This schema, for editors.', type: 'string' },
    schemaVersion: { description: 'The policy format version.', const: 1 },
    tiers: {
      description: 'The tiers by name (lower-case words joined by hyphens), tightest last.',
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: TIER_NAME },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['allows'],
        properties: {
          description: { description: 'Who belongs in this tier, in words.', type: 'string' },
          allows: {
            description:
              'What a partner in this tier may have, through its own configuration or the default.',
            ...allowance
          }
        }
      }
    },
    partners: {
      description: 'Every partner by tenant id: its tier, its name, and why.',
      type: 'object',
      propertyNames: { pattern: GUID },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['tier', 'name', 'reason'],
        properties: {
          tier: { description: 'One of the tiers.', type: 'string' },
          name: { description: 'The name people know the partner by.', type: 'string', minLength: 1 },
          reason: {
            description: 'Why this tier: who vetted the partner, under which agreement.',
            type: 'string',
            minLength: 1
          }
        }
      }
    },
    default: {
      description:
        'What the default configuration may give every organisation without a partner configuration.',
      ...allowance
    }
  }
} as const
