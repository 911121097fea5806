import './preset.browser.ts'
