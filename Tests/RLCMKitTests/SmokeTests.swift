import Testing
@testable import RLCMKit

@Test func formatVersionIsPositive() { #expect(outputFormatVersion > 0) }
