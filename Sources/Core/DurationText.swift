extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    package var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// A short human form for logs and messages: `0.31s`, `12.0s`, `4m05s`, `1h02m`.
    package var readable: String {
        let total = inSeconds
        if total < 60 {
            let hundredths = Int((total * 100).rounded())
            return total < 10
                ? "\(hundredths / 100).\(String(hundredths % 100).leftPadded(2))s"
                : "\(hundredths / 100).\(hundredths % 100 / 10)s"
        }
        let whole = Int(total.rounded())
        if whole < 3600 { return "\(whole / 60)m\(String(whole % 60).leftPadded(2))s" }
        return "\(whole / 3600)h\(String(whole % 3600 / 60).leftPadded(2))m"
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
