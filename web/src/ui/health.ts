/** A group's health (0..100) as a colour: green from 70, amber from 40, red below. */
export function healthColour(health: number): string {
  return health >= 70 ? '#52c41a' : health >= 40 ? '#faad14' : '#f5222d';
}
