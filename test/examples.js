// The code examples users read: the fenced ```ts and ```js blocks of the
// READMEs and the @example blocks of each package's doc comment
// (src/index.ts). An HTML comment `<!-- context: ... -->` right before a
// README block (or a `// context: ...` line at the top of a doc-comment
// example) gives the declarations a fragment needs to type-check; a README
// block preceded by `<!-- run -->` is also run with Node 22.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

export const ROOT = new URL('..', import.meta.url).pathname

/** The READMEs and doc comments to read, relative to the repository root */
export function sources () {
  const dirs = ['packages', 'examples'].flatMap(top => readdirSync(join(ROOT, top)).map(name => join(top, name)))
  const readmes = ['README.md', ...dirs.map(dir => join(dir, 'README.md'))].filter(exists)
  const comments = dirs.map(dir => join(dir, 'src', 'index.ts')).filter(exists)
  return { readmes, comments }
}

function exists (path) {
  try {
    readFileSync(join(ROOT, path))
    return true
  } catch {
    return false
  }
}

/** The code blocks of a Markdown file: { file, line, lang, code, context, run } */
export function readmeBlocks (file) {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n')
  const blocks = []

  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript|js|javascript)\s*$/.exec(lines[i])

    if (open == null) {
      continue
    }

    const end = lines.indexOf('```', i + 1)
    const before = lines.slice(Math.max(0, i - 4), i).join('\n')
    const context = [...before.matchAll(/<!-- context: ([\s\S]*?) -->/g)].map(m => m[1]).join('\n')
    blocks.push({ file, line: i + 1, lang: open[1].startsWith('t') ? 'ts' : 'js', code: lines.slice(i + 1, end).join('\n'), context, run: /<!-- run -->/.test(before) })
    i = end
  }

  return blocks
}

/** The @example blocks of a doc comment: the ```ts fences inside ` * ` lines */
export function commentBlocks (file) {
  const text = readFileSync(join(ROOT, file), 'utf8')
  const blocks = []

  for (const match of text.matchAll(/\* ```ts\n([\s\S]*?)\* ```/g)) {
    const code = match[1].split('\n').map(line => line.replace(/^ \* ?/, '')).join('\n')
    const context = [...code.matchAll(/^\/\/ context: (.*)$/gm)].map(m => m[1]).join('\n')
    blocks.push({ file, line: text.slice(0, match.index).split('\n').length, lang: 'ts', code, context, run: false })
  }

  return blocks
}

/** A block as a module of its own: its context first, then its code, with a line saying where it came from */
export function moduleOf (block) {
  return `// ${relative(ROOT, join(ROOT, block.file))}:${block.line}\n${block.context}\n${block.code}\nexport {}\n`
}
