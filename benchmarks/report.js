// Shared by the benchmarks: timing loops and the BENCHMARKS.md sections
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { cpus } from 'node:os'

const FILE = new URL('../BENCHMARKS.md', import.meta.url)

/**
 * Runs `fn` in rounds of at least `roundMs` and returns the median rate in
 * operations per second over `rounds` rounds, after one warm-up round
 */
export function opsPerSecond (fn, { rounds = 5, roundMs = 300 } = {}) {
  const rates = []

  for (let round = 0; round <= rounds; round++) {
    let ops = 0
    const start = performance.now()
    let elapsed = 0

    while (elapsed < roundMs) {
      for (let i = 0; i < 1000; i++) fn()
      ops += 1000
      elapsed = performance.now() - start
    }

    if (round > 0) rates.push(ops / elapsed * 1000)
  }

  rates.sort((a, b) => a - b)
  return rates[Math.floor(rates.length / 2)]
}

export function formatRate (rate) {
  return Math.round(rate).toLocaleString('en-US')
}

export function machine () {
  const cpu = cpus()
  return `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}`
}

/**
 * Replaces the section between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`
 * in BENCHMARKS.md (appending it when missing)
 */
export function writeSection (name, markdown) {
  const open = `<!-- bench:${name} -->`
  const close = `<!-- /bench:${name} -->`
  const block = `${open}\n${markdown.trim()}\n${close}`
  let text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Benchmarks\n'
  const from = text.indexOf(open)
  const to = text.indexOf(close)

  if (from !== -1 && to !== -1) {
    text = text.slice(0, from) + block + text.slice(to + close.length)
  } else {
    text = `${text.trimEnd()}\n\n${block}\n`
  }

  writeFileSync(FILE, text)
}
