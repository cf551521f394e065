import type { CloudName } from '../core/model/snapshot.js'

export interface CloudEndpoints {
  readonly graphEndpoint: string
  readonly authorityHost: string
}

/** Graph root and Entra authority per national cloud (Graph docs: national cloud deployments). */
export const CLOUDS: Readonly<Record<CloudName, CloudEndpoints>> = {
  global: {
    graphEndpoint: 'https://graph.microsoft.com',
    authorityHost: 'https://login.microsoftonline.com'
  },
  usgov: { graphEndpoint: 'https://graph.microsoft.us', authorityHost: 'https://login.microsoftonline.us' },
  'usgov-dod': {
    graphEndpoint: 'https://dod-graph.microsoft.us',
    authorityHost: 'https://login.microsoftonline.us'
  },
  china: {
    graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
    authorityHost: 'https://login.partner.microsoftonline.cn'
  }
}

export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[]

export function isCloudName(value: string): value is CloudName {
  return (CLOUD_NAMES as string[]).includes(value)
}
