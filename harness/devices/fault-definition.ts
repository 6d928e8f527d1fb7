// A fault switch of a reference device: it breaks exactly one rule, written at `specRef`.

export interface FaultDefinition {
  readonly id: string;
  readonly device: 'node' | 'lv-meter' | 'hv-meter' | 'hems-controller';
  readonly rule: string;
  readonly specRef: string;
}
