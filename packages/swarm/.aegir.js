/** Node only: no browser bundle (it spawns processes and uses node: modules) */
export default {
  build: {
    bundle: false
  }
}
