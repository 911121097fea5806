import { expect } from 'aegir/chai'

describe('smoke', () => {
  it('runs', () => {
    expect(globalThis.navigator?.userAgent ?? 'node').to.be.a('string')
    console.log('UA', globalThis.navigator?.userAgent)
  })
})
