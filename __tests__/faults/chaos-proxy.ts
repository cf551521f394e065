/**
 * A second source of faults, independent of the fake's own fault rules: an HTTPS proxy in front of
 * the fake cloud (Graph and the Entra authority alike) that spoils answers the way middle boxes do:
 * bodies cut off mid-stream, gateway error pages in HTML, empty 200s, captive-portal pages, error
 * envelopes sent with 200, dropped and stalled connections. The fake never produces these itself.
 */
import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:https'
import { setTimeout as delay } from 'node:timers/promises'

export type Chaos =
  | 'truncate' // headers and half the body, then the connection dies
  | 'gatewayHtml' // 502 with an HTML page, no Graph error envelope
  | 'empty200' // 200, JSON content type, no body
  | 'html200' // 200 with a captive-portal page
  | 'errorEnvelope200' // 200 whose JSON is an error envelope
  | 'drop' // the connection dies before any answer
  | 'stall' // no answer at all
  | 'delay' // a slow but correct answer

export interface ChaosProxy {
  /** Use as graph-endpoint and authority host. */
  readonly url: string
  /** What was spoiled, in order. */
  readonly applied: readonly { chaos: Chaos; method: string; path: string }[]
  close(): Promise<void>
}

/** Decides, per request, whether and how to spoil it; `path` is the raw path and query. */
export type ChaosSchedule = (method: string, path: string) => Chaos | undefined

const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'accept-encoding',
  'keep-alive'
])

export async function startChaosProxy(options: {
  target: string
  certPath: string
  keyPath: string
  schedule: ChaosSchedule
}): Promise<ChaosProxy> {
  const server = createServer({ cert: readFileSync(options.certPath), key: readFileSync(options.keyPath) })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('The chaos proxy has no TCP address.')
  const url = `https://127.0.0.1:${address.port}`
  const applied: { chaos: Chaos; method: string; path: string }[] = []
  const stalled = new Set<ServerResponse>()
  /** The proxy stands in for the target: its origin is swapped in both directions, plain and URL-encoded. */
  const swap = (text: string, from: string, to: string): string =>
    text.replaceAll(from, to).replaceAll(encodeURIComponent(from), encodeURIComponent(to))

  async function forward(
    incoming: IncomingMessage,
    body: string
  ): Promise<{ status: number; headers: Record<string, string>; text: string }> {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name))
        headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    const method = incoming.method ?? 'GET'
    const response = await fetch(`${options.target}${incoming.url ?? '/'}`, {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: swap(body, url, options.target) })
    })
    const answerHeaders: Record<string, string> = {}
    response.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') answerHeaders[name] = value
    })
    return {
      status: response.status,
      headers: answerHeaders,
      text: swap(await response.text(), options.target, url)
    }
  }

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of incoming) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const method = incoming.method ?? 'GET'
    const path = incoming.url ?? '/'
    const chaos = options.schedule(method, path)
    if (chaos !== undefined) applied.push({ chaos, method, path })

    switch (chaos) {
      case 'drop':
        incoming.socket.destroy()
        return
      case 'stall':
        stalled.add(response)
        response.on('close', () => stalled.delete(response))
        return
      case 'gatewayHtml':
        response
          .writeHead(502, { 'Content-Type': 'text/html' })
          .end('<html><body><h1>502 Bad Gateway</h1></body></html>')
        return
      case 'empty200':
        response.writeHead(200, { 'Content-Type': 'application/json' }).end()
        return
      case 'html200':
        response
          .writeHead(200, { 'Content-Type': 'text/html' })
          .end('<html><body>Sign in to the guest Wi-Fi to continue.</body></html>')
        return
      case 'errorEnvelope200':
        response
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ error: { code: 'UnknownError', message: 'The upstream service failed.' } }))
        return
      case 'delay':
        await delay(30)
        break
      case 'truncate': {
        const answer = await forward(incoming, body)
        const bytes = Buffer.from(answer.text)
        response.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(bytes.length) })
        response.write(bytes.subarray(0, Math.floor(bytes.length / 2)))
        setImmediate(() => incoming.socket.destroy())
        return
      }
      case undefined:
        break
    }
    const answer = await forward(incoming, body)
    response.writeHead(answer.status, answer.headers).end(answer.text)
  }

  server.on('request', (incoming: IncomingMessage, response: ServerResponse) => {
    handle(incoming, response).catch(() => response.destroy())
  })

  return {
    url,
    applied,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of stalled) response.socket?.destroy()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
