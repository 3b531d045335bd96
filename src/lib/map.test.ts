import { describe, expect, it } from 'vitest';
import { projectPoints } from './map';

describe('projectPoints', () => {
  it('puts north up and east right, inside the margins', () => {
    const placed = projectPoints(
      [
        { id: 'lagos', lat: 6.52, lon: 3.38 },
        { id: 'kano', lat: 12.0, lon: 8.52 },
        { id: 'calabar', lat: 4.95, lon: 8.32 },
      ],
      600,
      400,
      20,
    );
    const at = Object.fromEntries(placed.map((p) => [p.point.id, p]));
    expect(at.kano!.y).toBeLessThan(at.lagos!.y);
    expect(at.calabar!.x).toBeGreaterThan(at.lagos!.x);
    for (const p of placed) {
      expect(p.x).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(p.x).toBeLessThanOrEqual(580 + 1e-9);
      expect(p.y).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(p.y).toBeLessThanOrEqual(380 + 1e-9);
    }
    // The taller extent (north-south) fills the height.
    expect(at.kano!.y).toBeCloseTo(20);
    expect(at.calabar!.y).toBeCloseTo(380);
  });

  it('centres a single location', () => {
    expect(projectPoints([{ id: 'a', lat: 6, lon: 7 }], 600, 400)).toEqual([{ point: { id: 'a', lat: 6, lon: 7 }, x: 300, y: 200 }]);
  });
});
