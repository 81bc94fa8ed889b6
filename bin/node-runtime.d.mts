export declare const CACHE: string;
export declare const LTS_END: Record<number, string>;
export declare function unmaintained(version: string, today?: Date): string | undefined;
export declare function nodeRuntime(wanted: string, log?: (text: string) => void): { version: string; dir: string; node: string };
