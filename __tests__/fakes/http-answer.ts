/** A complete HTTP answer from one of the fake's non-Graph endpoints (Entra, GitHub OIDC). */
export interface HttpAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer {
  return {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store, no-cache',
      ...headers
    },
    body: JSON.stringify(body)
  }
}
