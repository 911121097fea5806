import './persistence.browser.ts'
