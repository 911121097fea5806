// The canvas: every known node as a dot at its drift state (the state it
// last published; this page's own dot live), its colour the intensity of
// its entropy, lines for this page's live connections, the equilibrium as a
// cross, and this node's input as a ring the user drags.

export interface Dot {
  key: string
  state: number[]
  input: number[]
  self: boolean
  relay: boolean
  /** 0 calm .. 1 sending entropy */
  heat: number
  /** this page's connection to it */
  link: 'direct' | 'relayed' | null
}

export interface Frame {
  dots: Dot[]
  target: number[] | null
}

interface Shown { x: number, y: number, trail: Array<[number, number]> }

const TRAIL = 24
const PAD = 0.18
/** share of the way a shown dot moves towards its state per frame: smooth, yet a few frames behind */
const EASE = 0.18

function heatColour (heat: number, alpha = 1): string {
  const h = 200 - 180 * Math.min(1, Math.max(0, heat))
  return `hsla(${h.toFixed(0)} 85% ${(58 + 4 * heat).toFixed(0)}% / ${alpha})`
}

export class Scene {
  private readonly canvas: HTMLCanvasElement
  private readonly ctx: CanvasRenderingContext2D
  private frame: Frame = { dots: [], target: null }
  private readonly shown = new Map<string, Shown>()
  private bounds = { x0: -10, y0: -10, x1: 10, y1: 10 }
  private drag: number[] | null = null
  private readonly onInput: (input: number[]) => void

  constructor (canvas: HTMLCanvasElement, onInput: (input: number[]) => void) {
    this.canvas = canvas
    this.onInput = onInput
    const ctx = canvas.getContext('2d')

    if (ctx == null) {
      throw new Error('this browser has no 2D canvas')
    }

    this.ctx = ctx
    this.listen()
    const loop = (): void => {
      this.draw()
      requestAnimationFrame(loop)
    }
    requestAnimationFrame(loop)
  }

  update (frame: Frame): void {
    this.frame = frame
  }

  /** where a node's dot is drawn, in page (client) coordinates */
  clientPosition (key: string): { x: number, y: number } | undefined {
    const shown = this.shown.get(key)

    if (shown == null) {
      return undefined
    }

    const rect = this.canvas.getBoundingClientRect()
    const [x, y] = this.toScreen([shown.x, shown.y])
    return { x: rect.left + x, y: rect.top + y }
  }

  /** world to canvas pixels (CSS), one scale for both axes so distances look right */
  private toScreen (p: number[]): [number, number] {
    const { width, height } = this.size()
    const { x0, y0, x1, y1 } = this.bounds
    const scale = Math.min(width / (x1 - x0), height / (y1 - y0))
    const cx = (x0 + x1) / 2
    const cy = (y0 + y1) / 2
    return [width / 2 + (p[0] - cx) * scale, height / 2 - (p[1] - cy) * scale]
  }

  private toWorld (x: number, y: number): number[] {
    const { width, height } = this.size()
    const { x0, y0, x1, y1 } = this.bounds
    const scale = Math.min(width / (x1 - x0), height / (y1 - y0))
    return [(x0 + x1) / 2 + (x - width / 2) / scale, (y0 + y1) / 2 - (y - height / 2) / scale]
  }

  private size (): { width: number, height: number } {
    return { width: this.canvas.clientWidth, height: this.canvas.clientHeight }
  }

  private listen (): void {
    const local = (evt: PointerEvent): [number, number] => {
      const rect = this.canvas.getBoundingClientRect()
      return [evt.clientX - rect.left, evt.clientY - rect.top]
    }
    const nearSelf = (x: number, y: number): boolean => {
      const self = this.frame.dots.find(dot => dot.self)
      const shown = self == null ? undefined : this.shown.get(self.key)

      if (self == null || shown == null) {
        return false
      }

      const points = [this.toScreen([shown.x, shown.y]), this.toScreen(self.input)]
      return points.some(([px, py]) => Math.hypot(px - x, py - y) <= 18)
    }

    this.canvas.addEventListener('pointerdown', evt => {
      const [x, y] = local(evt)

      if (nearSelf(x, y)) {
        this.drag = this.toWorld(x, y)
        this.canvas.setPointerCapture(evt.pointerId)
        this.canvas.className = 'grabbing'
      }
    })
    this.canvas.addEventListener('pointermove', evt => {
      const [x, y] = local(evt)

      if (this.drag != null) {
        this.drag = this.toWorld(x, y)
      } else {
        this.canvas.className = nearSelf(x, y) ? 'grab' : ''
      }
    })
    const release = (evt: PointerEvent): void => {
      if (this.drag == null) {
        return
      }

      const [x, y] = local(evt)
      const input = this.toWorld(x, y).map(v => Math.round(v * 1000) / 1000)
      this.drag = null
      this.canvas.className = ''
      this.onInput(input)
    }
    this.canvas.addEventListener('pointerup', release)
    this.canvas.addEventListener('pointercancel', () => { this.drag = null })
  }

  private fitBounds (): void {
    const points = this.frame.dots.flatMap(dot => [dot.state, dot.input])

    if (this.frame.target != null) {
      points.push(this.frame.target)
    }

    if (points.length === 0) {
      return
    }

    let x0 = Math.min(...points.map(p => p[0]))
    let x1 = Math.max(...points.map(p => p[0]))
    let y0 = Math.min(...points.map(p => p[1]))
    let y1 = Math.max(...points.map(p => p[1]))
    const span = Math.max(x1 - x0, y1 - y0, 2)
    x0 -= span * PAD
    x1 += span * PAD
    y0 -= span * PAD
    y1 += span * PAD

    // while the user drags, the view holds still under the pointer
    if (this.drag != null) {
      return
    }

    const b = this.bounds
    const ease = 0.06
    this.bounds = { x0: b.x0 + (x0 - b.x0) * ease, y0: b.y0 + (y0 - b.y0) * ease, x1: b.x1 + (x1 - b.x1) * ease, y1: b.y1 + (y1 - b.y1) * ease }
  }

  private draw (): void {
    const { ctx, canvas } = this
    const { width, height } = this.size()
    const ratio = window.devicePixelRatio ?? 1

    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio)
      canvas.height = Math.round(height * ratio)
    }

    ctx.setTransform(ratio, 0, 0, ratio, 0, 0)
    ctx.clearRect(0, 0, width, height)
    this.fitBounds()
    this.grid(width, height)

    const dots = this.frame.dots
    const keys = new Set(dots.map(dot => dot.key))

    for (const key of this.shown.keys()) {
      if (!keys.has(key)) {
        this.shown.delete(key)
      }
    }

    for (const dot of dots) {
      const shown = this.shown.get(dot.key) ?? { x: dot.state[0], y: dot.state[1], trail: [] }
      shown.x += (dot.state[0] - shown.x) * EASE
      shown.y += (dot.state[1] - shown.y) * EASE
      shown.trail.push([shown.x, shown.y])

      if (shown.trail.length > TRAIL) {
        shown.trail.shift()
      }

      this.shown.set(dot.key, shown)
    }

    const self = dots.find(dot => dot.self)
    const radius = Math.max(4, Math.min(9, 10 - dots.length / 8))

    // this page's connections
    if (self != null) {
      const from = this.toScreen([this.shown.get(self.key)?.x ?? 0, this.shown.get(self.key)?.y ?? 0])

      for (const dot of dots) {
        if (dot.link == null || dot.self) {
          continue
        }

        const shown = this.shown.get(dot.key)
        const to = this.toScreen([shown?.x ?? 0, shown?.y ?? 0])
        ctx.strokeStyle = dot.link === 'direct' ? 'rgba(159, 180, 200, 0.55)' : 'rgba(159, 180, 200, 0.35)'
        ctx.lineWidth = dot.link === 'direct' ? 1.5 : 1
        ctx.setLineDash(dot.link === 'direct' ? [] : [5, 5])
        ctx.beginPath()
        ctx.moveTo(...from)
        ctx.lineTo(...to)
        ctx.stroke()
      }

      ctx.setLineDash([])
    }

    // trails
    for (const dot of dots) {
      const trail = this.shown.get(dot.key)?.trail ?? []
      ctx.strokeStyle = heatColour(dot.heat, 0.25)
      ctx.lineWidth = 2
      ctx.beginPath()
      trail.forEach((p, i) => {
        const [x, y] = this.toScreen(p)

        if (i === 0) {
          ctx.moveTo(x, y)
        } else {
          ctx.lineTo(x, y)
        }
      })
      ctx.stroke()
    }

    // every other node's input, a faint ring tied to its dot: where each one pulls from
    for (const dot of dots) {
      if (dot.self) {
        continue
      }

      const shown = this.shown.get(dot.key)
      const [ix, iy] = this.toScreen(dot.input)
      const [sx, sy] = this.toScreen([shown?.x ?? 0, shown?.y ?? 0])
      ctx.strokeStyle = heatColour(dot.heat, 0.3)
      ctx.lineWidth = 1
      ctx.setLineDash([2, 4])
      ctx.beginPath()
      ctx.moveTo(ix, iy)
      ctx.lineTo(sx, sy)
      ctx.stroke()
      ctx.setLineDash([])
      ctx.beginPath()
      ctx.arc(ix, iy, 3, 0, Math.PI * 2)
      ctx.stroke()
    }

    // the equilibrium
    if (this.frame.target != null) {
      const [x, y] = this.toScreen(this.frame.target)
      ctx.strokeStyle = 'rgba(230, 237, 243, 0.7)'
      ctx.lineWidth = 1
      ctx.beginPath()
      ctx.moveTo(x - 12, y)
      ctx.lineTo(x + 12, y)
      ctx.moveTo(x, y - 12)
      ctx.lineTo(x, y + 12)
      ctx.stroke()
      ctx.fillStyle = 'rgba(230, 237, 243, 0.7)'
      ctx.font = '11px system-ui, sans-serif'
      ctx.fillText('equilibrium', x + 8, y + 22)
    }

    // this node's input, and where the user drags it
    if (self != null) {
      const input = this.drag ?? self.input
      const [ix, iy] = this.toScreen(input)
      const shown = this.shown.get(self.key)
      const [sx, sy] = this.toScreen([shown?.x ?? 0, shown?.y ?? 0])
      ctx.strokeStyle = 'rgba(88, 166, 255, 0.6)'
      ctx.setLineDash([3, 4])
      ctx.beginPath()
      ctx.moveTo(ix, iy)
      ctx.lineTo(sx, sy)
      ctx.stroke()
      ctx.setLineDash([])
      ctx.lineWidth = 2
      ctx.beginPath()
      ctx.arc(ix, iy, radius + 2, 0, Math.PI * 2)
      ctx.stroke()
      ctx.fillStyle = 'rgba(88, 166, 255, 0.9)'
      ctx.font = '11px system-ui, sans-serif'
      ctx.fillText('your input', ix + radius + 6, iy - radius - 2)
    }

    // the dots, this node's last so it stays on top
    for (const dot of [...dots].sort((a, b) => Number(a.self) - Number(b.self))) {
      const shown = this.shown.get(dot.key)
      const [x, y] = this.toScreen([shown?.x ?? 0, shown?.y ?? 0])
      const r = dot.self ? radius + 2 : radius
      ctx.fillStyle = heatColour(dot.heat)
      ctx.beginPath()

      if (dot.relay) {
        ctx.roundRect(x - r, y - r, 2 * r, 2 * r, 3)
      } else {
        ctx.arc(x, y, r, 0, Math.PI * 2)
      }

      ctx.fill()

      if (dot.self) {
        ctx.strokeStyle = '#ffffff'
        ctx.lineWidth = 2.5
        ctx.beginPath()
        ctx.arc(x, y, r + 4, 0, Math.PI * 2)
        ctx.stroke()
      }

      // "you" to the right, "relay" to the left, so they stay apart where the dots meet
      if (dot.self || dot.relay) {
        ctx.fillStyle = '#e6edf3'
        ctx.font = '12px system-ui, sans-serif'
        ctx.textAlign = dot.self ? 'left' : 'right'
        ctx.fillText(dot.self ? 'you' : 'relay', dot.self ? x + r + 8 : x - r - 8, y + 4)
        ctx.textAlign = 'left'
      }
    }
  }

  private grid (width: number, height: number): void {
    const { ctx } = this
    const [wx0, wy1] = this.toWorld(0, 0)
    const [wx1, wy0] = this.toWorld(width, height)
    const span = Math.max(wx1 - wx0, wy1 - wy0)
    const step = 10 ** Math.floor(Math.log10(span / 4))
    const unit = span / step > 20 ? step * 5 : span / step > 8 ? step * 2 : step
    ctx.lineWidth = 1
    ctx.font = '10px system-ui, sans-serif'

    for (let v = Math.ceil(wx0 / unit) * unit; v <= wx1; v += unit) {
      const [x] = this.toScreen([v, 0])
      ctx.strokeStyle = Math.abs(v) < unit / 2 ? 'rgba(139, 148, 158, 0.35)' : 'rgba(139, 148, 158, 0.12)'
      ctx.beginPath()
      ctx.moveTo(x, 0)
      ctx.lineTo(x, height)
      ctx.stroke()
      ctx.fillStyle = 'rgba(139, 148, 158, 0.6)'
      ctx.fillText(String(Number(v.toPrecision(6))), x + 3, height - 34)
    }

    for (let v = Math.ceil(wy0 / unit) * unit; v <= wy1; v += unit) {
      const [, y] = this.toScreen([0, v])
      ctx.strokeStyle = Math.abs(v) < unit / 2 ? 'rgba(139, 148, 158, 0.35)' : 'rgba(139, 148, 158, 0.12)'
      ctx.beginPath()
      ctx.moveTo(0, y)
      ctx.lineTo(width, y)
      ctx.stroke()
      ctx.fillStyle = 'rgba(139, 148, 158, 0.6)'
      ctx.fillText(String(Number(v.toPrecision(6))), 4, y - 3)
    }
  }
}
