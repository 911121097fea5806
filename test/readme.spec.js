// Every code example users read compiles against the packages as built,
// under `strict`, and the runnable ones run: a README or a doc comment
// cannot drift from the code without this failing.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { expect } from 'aegir/chai'
import { ROOT, commentBlocks, moduleOf, readmeBlocks, sources } from './examples.js'

const OUT = join(ROOT, 'test', '.generated')
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')

describe('the code examples of the READMEs and doc comments', function () {
  this.timeout(120_000)
  const { readmes, comments } = sources()
  const blocks = [...readmes.flatMap(readmeBlocks), ...comments.flatMap(commentBlocks)]
  const name = block => `${block.file.replaceAll('/', '_').replace(/\.(md|ts)$/, '')}_${block.line}`

  before(() => {
    rmSync(OUT, { recursive: true, force: true })
    mkdirSync(OUT, { recursive: true })

    for (const block of blocks) {
      writeFileSync(join(OUT, `${name(block)}.${block.lang === 'ts' ? 'ts' : 'mjs'}`), moduleOf(block))
    }

    writeFileSync(join(OUT, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2023', 'dom'], skipLibCheck: true, types: ['node'] },
      include: ['*.ts']
    }))
  })

  it('finds the examples: every package README and doc comment has one', () => {
    expect(blocks.length).to.be.at.least(20)
    expect(new Set(blocks.filter(block => block.file.endsWith('index.ts')).map(block => block.file)).size, 'doc comments').to.be.at.least(8)
  })

  it('every TypeScript example type-checks under strict, with no cast in it', () => {
    const run = spawnSync(process.execPath, [tsc, '-p', join(OUT, 'tsconfig.json')], { encoding: 'utf8' })
    // each error names the generated file; its first line says which README or doc comment it came from
    expect(run.stdout + run.stderr, 'tsc').to.equal('')
    expect(run.status).to.equal(0)

    for (const block of blocks.filter(b => b.lang === 'ts')) {
      expect(block.code, `${block.file}:${block.line}`).to.not.match(/ as any\b|@ts-(expect-error|ignore)/)
    }
  })

  it('the root README\'s embed example is examples/embed/index.js, to the letter', () => {
    const embed = blocks.find(block => block.file === 'README.md' && block.code.includes('adds lvs() to an existing libp2p node'))
    expect(`${embed?.code}\n`).to.equal(readFileSync(join(ROOT, 'examples', 'embed', 'index.js'), 'utf8'))
  })

  it('every JavaScript example is one that runs, and runs with Node 22 to exit 0', () => {
    const js = blocks.filter(block => block.lang === 'js')
    expect(js.filter(block => !block.run).map(block => `${block.file}:${block.line}`), 'JavaScript examples not marked <!-- run -->').to.deep.equal([])

    for (const block of js) {
      const out = execFileSync(process.execPath, [join(OUT, `${name(block)}.mjs`)], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 })
      expect(out.length, `${block.file}:${block.line} printed something`).to.be.greaterThan(0)
    }
  })
})
