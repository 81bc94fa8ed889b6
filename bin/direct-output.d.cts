// Types of direct-output.cjs, for src/cli/runtime.ts.
declare function directOutput(fd: 1 | 2, stream: () => NodeJS.WritableStream): (text: string) => void;
export = directOutput;
