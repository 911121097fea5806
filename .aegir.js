import { useSystemChromium } from './scripts/chromium.js'

/** @type {import('aegir').PartialOptions} */
export default {
  test: {
    browser: {
      config: {
        browserContextOptions: useSystemChromium()
      }
    }
  }
}
