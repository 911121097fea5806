import './relay.browser.ts'
