import { defineConfig } from 'vite'

export default defineConfig({
  build: {
    target: 'es2022',
    // one page; libp2p is most of it
    chunkSizeWarningLimit: 2000
  },
  server: {
    host: '127.0.0.1'
  }
})
