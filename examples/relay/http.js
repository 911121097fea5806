// The relay's HTTP side: the built browser demo, /relay.json (the addresses
// a page dials, and the other relays known), /healthz for a process manager
// or a load balancer and, when asked, /metrics for Prometheus.
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.map': 'application/json'
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>LVS relay</title>
<p>The browser demo is not built yet: run <code>npm run build</code> (or <code>npm start</code>, which builds it the first time).</p>`

/**
 * @param {object} init
 * @param {string} init.web - folder of the built demo
 * @param {() => Promise<object>} init.relayInfo - what /relay.json answers
 * @param {() => boolean} init.ready - whether /healthz says ready (200) or not (503)
 * @param {(() => Promise<string>) | undefined} init.metrics - Prometheus text, when enabled
 */
export function createHttpServer ({ web, relayInfo, ready, metrics }) {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://relay')

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }

    if (url.pathname === '/relay.json') {
      relayInfo().then(info => {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(info))
      }, err => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err}\n`)
      })
      return
    }

    if (url.pathname === '/healthz') {
      const ok = ready()
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end(JSON.stringify({ status: ok ? 'ready' : 'not ready' }))
      return
    }

    if (url.pathname === '/metrics' && metrics != null) {
      metrics().then(text => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(text)
      }, err => {
        res.writeHead(500).end(String(err))
      })
      return
    }

    // a file of the demo, never outside its folder
    let path

    try {
      path = normalize(join(web, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)))
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad path\n')
      return
    }

    if (!path.startsWith(web + sep) || !existsSync(path) || !statSync(path).isFile()) {
      if (url.pathname === '/' || url.pathname === '/index.html') {
        res.writeHead(200, { 'content-type': TYPES['.html'] }).end(NOT_BUILT)
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
      }
      return
    }

    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })

    if (req.method === 'HEAD') {
      res.end()
    } else {
      createReadStream(path).pipe(res)
    }
  })
}
