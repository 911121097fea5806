// What the relay prints, as text lines for a terminal or, with --log json,
// one JSON object per line ({"time", "event", ...}) for a log collector.

/**
 * @param {'text' | 'json'} format
 * @param {(line: string) => void} print
 * @returns {(event: string, fields: object, text: string) => void} writes one event
 */
export function createLog (format, print = line => { console.log(line) }) {
  if (format === 'json') {
    return (event, fields) => { print(JSON.stringify({ time: new Date().toISOString(), event, ...fields })) }
  }

  return (event, fields, text) => { print(`${new Date().toISOString().slice(11, 19)} ${text}`) }
}
