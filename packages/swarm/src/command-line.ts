import { InvalidSwarmOptionError } from './swarm.ts'

export interface ParsedFlags<T> {
  options: Partial<T>
  json: boolean
  help: boolean
}

/**
 * The commands' flags: `--json`, `--help`, numeric flags (`--nodes 10`
 * or `--nodes=10`) named in `flags` and text flags named in `texts`;
 * anything else is an `InvalidSwarmOptionError`
 */
export function parseFlags <T> (args: string[], flags: Record<string, keyof T>, texts: Record<string, keyof T> = {}): ParsedFlags<T> {
  const options: Partial<T> = {}
  let json = false
  let help = false

  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2)

    if (flag === '--json') {
      json = true
    } else if (flag === '--help' || flag === '-h') {
      help = true
    } else if (flags[flag] != null) {
      const text = inline ?? args[++i]
      const value = Number(text)

      if (text == null || text.trim() === '' || !Number.isFinite(value)) {
        throw new InvalidSwarmOptionError(`${flag} takes a number, got ${text ?? 'nothing'}`)
      }

      options[flags[flag]] = value as T[keyof T]
    } else if (texts[flag] != null) {
      const text = inline ?? args[++i]

      if (text == null || text === '') {
        throw new InvalidSwarmOptionError(`${flag} takes a value, got nothing`)
      }

      options[texts[flag]] = text as T[keyof T]
    } else {
      throw new InvalidSwarmOptionError(`unknown flag ${args[i]} (see --help)`)
    }
  }

  return { options, json, help }
}

/**
 * A command's frame: parses the flags, prints `help` for `--help`, else runs
 * `main` and exits with the status it returns; a bad flag or option
 * (`InvalidSwarmOptionError`) prints its message and exits 2
 */
export async function runCommand <T> (help: string, flags: Record<string, keyof T>, main: (options: Partial<T>, json: boolean) => Promise<number>, texts: Record<string, keyof T> = {}): Promise<void> {
  try {
    const parsed = parseFlags(process.argv.slice(2), flags, texts)

    if (parsed.help) {
      process.stdout.write(help)
    } else {
      process.exitCode = await main(parsed.options, parsed.json)
    }
  } catch (err) {
    if (!(err instanceof InvalidSwarmOptionError)) {
      throw err
    }

    process.stderr.write(`${err.message}\n`)
    process.exitCode = 2
  }
}

/** Calls `onLine` with each whole line a stream gives (JSON lines between the netns runner and its nodes) */
export function onLines (stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffer = ''

  stream.on('data', (chunk: Buffer | string) => {
    buffer += chunk.toString()
    let newline = buffer.indexOf('\n')

    while (newline !== -1) {
      onLine(buffer.slice(0, newline))
      buffer = buffer.slice(newline + 1)
      newline = buffer.indexOf('\n')
    }
  })
}
