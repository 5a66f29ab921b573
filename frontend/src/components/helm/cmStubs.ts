// jsdom has no layout: CodeMirror measures text ranges, which jsdom's Range cannot do.
const empty = () => ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] }) as unknown as DOMRectList;
Range.prototype.getClientRects ??= empty;
Range.prototype.getBoundingClientRect ??= () => new DOMRect(0, 0, 0, 0);
