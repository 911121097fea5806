/**
 * Neumaier's compensated sum: the rounding error of each addition is carried
 * along, so a sum of a thousand inputs is exact to the last bit or two and
 * does not depend on how large the first terms were
 */
export class CompensatedSum {
  private sum = 0
  private compensation = 0

  add (value: number): void {
    const t = this.sum + value

    if (Math.abs(this.sum) >= Math.abs(value)) {
      this.compensation += (this.sum - t) + value
    } else {
      this.compensation += (value - t) + this.sum
    }

    this.sum = t
  }

  value (): number {
    return this.sum + this.compensation
  }
}
