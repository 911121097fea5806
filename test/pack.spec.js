// The packages as a user installs them: each one packed with `npm pack`,
// installed from the tarballs into a new app outside the repository (its
// other dependencies from the npm registry), and the embed example run
// there against what was installed.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'aegir/chai'
import { ROOT } from './examples.js'

/** npm, run by the Node.js that runs these tests (Node 22) */
function npm (args, cwd) {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', timeout: 600_000, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' } })
}

describe('the packages packed and installed into an app outside the repository', function () {
  this.timeout(900_000)
  let dir

  before(() => { dir = mkdtempSync(join(tmpdir(), 'lvs-pack-')) })
  after(() => { rmSync(dir, { recursive: true, force: true }) })

  it('every package packs, installs from its tarball, and the embed example runs against them', () => {
    const packages = readdirSync(join(ROOT, 'packages')).map(name => JSON.parse(readFileSync(join(ROOT, 'packages', name, 'package.json'), 'utf8')))
    const tarballs = join(dir, 'tarballs')
    mkdirSync(tarballs)
    npm(['pack', '--pack-destination', tarballs, ...packages.flatMap(pkg => ['--workspace', pkg.name])], ROOT)
    const packed = readdirSync(tarballs)
    expect(packed, 'one tarball per package').to.have.lengthOf(packages.length)

    // every tarball holds its built code and its types, and no tests
    for (const file of packed) {
      const listing = execFileSync('tar', ['-tzf', join(tarballs, file)], { encoding: 'utf8' })
      expect(listing, file).to.match(/package\/dist\/src\/index\.js/)
      expect(listing, file).to.match(/package\/dist\/src\/index\.d\.ts/)
      expect(listing, file).to.not.match(/package\/dist\/test\//)
    }

    // an app of its own: every @lvs package from its tarball, the rest from the registry
    const tarball = name => `file:${join(tarballs, packed.find(file => file.startsWith(`${name.replace('@', '').replace('/', '-')}-`)))}`
    const app = join(dir, 'app')
    const lvs = Object.fromEntries(packages.map(pkg => [pkg.name, tarball(pkg.name)]))
    const libp2p = JSON.parse(readFileSync(join(ROOT, 'examples', 'embed', 'package.json'), 'utf8')).dependencies.libp2p
    mkdirSync(app)
    // classic-level (LevelDB) builds its binding in an install script, which npm 11 runs only when allowed
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'an-app', version: '1.0.0', private: true, type: 'module', dependencies: { ...lvs, libp2p }, overrides: lvs, allowScripts: { 'classic-level': true } }, null, 2))
    copyFileSync(join(ROOT, 'examples', 'embed', 'index.js'), join(app, 'index.js'))
    npm(['install', '--no-package-lock'], app)

    const installed = JSON.parse(readFileSync(join(app, 'node_modules', '@lvs', 'node', 'package.json'), 'utf8'))
    expect(installed.name).to.equal('@lvs/node')
    const out = execFileSync(process.execPath, ['index.js'], { cwd: app, encoding: 'utf8', timeout: 120_000 })
    expect(out).to.match(/^equilibrium \[1\.5, -1\], count 2, cycle \d+/)
  })
})
