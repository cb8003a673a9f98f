import SinoAIText
import Testing

struct SearchFoldingTests {
    /// Every scalar alone, and after an ASCII letter (the non-ASCII path), folds exactly
    /// as `lowercased()` does: search keys and queries must agree with each other and with
    /// what the dashboard highlights.
    @Test func agreesWithLowercasedForEveryScalar() {
        var mismatches: [String] = []
        for v in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let text = String(scalar)
            if SearchFolding.folded(text) != text.lowercased() || SearchFolding.folded("A" + text) != ("A" + text).lowercased() {
                mismatches.append(String(v, radix: 16))
                if mismatches.count > 10 { break }
            }
        }
        #expect(mismatches.isEmpty, "differs from lowercased() for U+\(mismatches.joined(separator: ", U+"))")
    }

    @Test func mixedText() {
        for text in ["Zhipu AI (Z.ai)", "北京智谱华章科技 ZHIPU", "İSTANBUL Σίσυφος ＦＵＬＬ", "", "MiniMax 稀宇科技\u{1F}HK:0100"] {
            #expect(SearchFolding.folded(text) == text.lowercased(), "\(text)")
        }
    }
}
