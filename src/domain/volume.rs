//! Disks (EVS volumes) ordered with a desktop, a pool, an exclusive host or an application server:
//! their type and their size rule. Every API spells the types the same way but accepts its own
//! subset ([`VolumeTypes`]); sizes are whole GB in multiples of a step, within a range that
//! depends on the API and the disk's role ([`VolumeSizeRule`]).

use std::fmt;
use std::str::FromStr;

/// A disk type (`ESSD`, `SSD`, `GPSSD`, `SAS`, `SATA`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VolumeType {
    /// Extreme SSD.
    Essd,
    /// Ultra-high I/O.
    Ssd,
    /// General-purpose SSD.
    Gpssd,
    /// High I/O.
    Sas,
    /// Common I/O.
    Sata,
}

impl VolumeType {
    /// Every type, in the documentation's order.
    pub const ALL: [VolumeType; 5] = [
        VolumeType::Essd,
        VolumeType::Ssd,
        VolumeType::Gpssd,
        VolumeType::Sas,
        VolumeType::Sata,
    ];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            VolumeType::Essd => "ESSD",
            VolumeType::Ssd => "SSD",
            VolumeType::Gpssd => "GPSSD",
            VolumeType::Sas => "SAS",
            VolumeType::Sata => "SATA",
        }
    }
}

impl fmt::Display for VolumeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The disk types one API accepts, in the order its error message lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VolumeTypes(&'static [VolumeType]);

impl VolumeTypes {
    /// Workspace desktops and exclusive hosts (`Volume`): `SAS`, `SSD`, `GPSSD`.
    pub const WORKSPACE: VolumeTypes =
        VolumeTypes(&[VolumeType::Sas, VolumeType::Ssd, VolumeType::Gpssd]);
    /// Workspace desktop pools (`VolumeInfo`): the seed lists only `SAS` and `SSD`.
    pub const WORKSPACE_POOL: VolumeTypes = VolumeTypes(&[VolumeType::Sas, VolumeType::Ssd]);
    /// Workspace App servers and service disks: all five.
    pub const WORKSPACE_APP: VolumeTypes = VolumeTypes(&VolumeType::ALL);

    /// The accepted types.
    pub fn types(self) -> &'static [VolumeType] {
        self.0
    }

    /// The type spelled exactly `s` (case-sensitive, as the services match them), if this API
    /// accepts it.
    pub fn parse(self, s: &str) -> Result<VolumeType, InvalidVolumeType> {
        self.0
            .iter()
            .copied()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| InvalidVolumeType {
                accepted: self,
                got: s.to_owned(),
            })
    }
}

/// The list, as error messages name it: `SAS, SSD, GPSSD`.
impl fmt::Display for VolumeTypes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, t) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(t.as_str())?;
        }
        Ok(())
    }
}

/// A disk type the API does not accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of {accepted}, got {got}")]
pub struct InvalidVolumeType {
    /// The types the API accepts.
    pub accepted: VolumeTypes,
    /// What the client sent.
    pub got: String,
}

impl FromStr for VolumeType {
    type Err = InvalidVolumeType;

    /// Any of the five, spelled exactly.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        VolumeTypes::WORKSPACE_APP.parse(s)
    }
}

/// The sizes a disk of some role may have: `min..=max` GB in multiples of `step`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VolumeSizeRule {
    /// Smallest size, GB.
    pub min: u32,
    /// Largest size, GB.
    pub max: u32,
    /// Every size is a multiple of this.
    pub step: u32,
}

/// A size outside the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VolumeSizeError {
    /// Below the minimum or above the maximum.
    #[error("must be {min} to {max} GB, got {got}")]
    OutOfRange {
        /// Smallest size.
        min: u32,
        /// Largest size.
        max: u32,
        /// What the client sent.
        got: i64,
    },
    /// Not a multiple of the step.
    #[error("must be a multiple of {step}, got {got}")]
    NotAMultiple {
        /// The step.
        step: u32,
        /// What the client sent.
        got: i64,
    },
}

/// The rules for one API's system disk and data disks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VolumeSizeRules {
    /// The disk the OS boots from.
    pub system: VolumeSizeRule,
    /// Any other disk.
    pub data: VolumeSizeRule,
}

impl VolumeSizeRule {
    const fn tens(min: u32, max: u32) -> VolumeSizeRule {
        VolumeSizeRule { min, max, step: 10 }
    }

    /// Workspace desktop and exclusive-host system disk: 80–32760 GB.
    pub const WORKSPACE_SYSTEM: VolumeSizeRule = VolumeSizeRule::tens(80, 32760);
    /// Workspace desktop and exclusive-host data disk: 10–32760 GB.
    pub const WORKSPACE_DATA: VolumeSizeRule = VolumeSizeRule::tens(10, 32760);
    /// Workspace pool system disk: 80 GB up to the definition's `VolumeInfo.size` maximum, 8200.
    pub const WORKSPACE_POOL_SYSTEM: VolumeSizeRule = VolumeSizeRule::tens(80, 8200);
    /// Workspace pool data disk: 10–8200 GB.
    pub const WORKSPACE_POOL_DATA: VolumeSizeRule = VolumeSizeRule::tens(10, 8200);
    /// Workspace App system (root) disk: 10–1024 GB.
    pub const WORKSPACE_APP_SYSTEM: VolumeSizeRule = VolumeSizeRule::tens(10, 1024);
    /// Workspace App data disk: 10–32768 GB.
    pub const WORKSPACE_APP_DATA: VolumeSizeRule = VolumeSizeRule::tens(10, 32768);

    /// Checks `size` (GB) against the rule. The range is checked first, so `5` is out of range
    /// rather than not a multiple.
    pub fn check(self, size: i64) -> Result<u32, VolumeSizeError> {
        let in_range = u32::try_from(size)
            .ok()
            .filter(|n| (self.min..=self.max).contains(n));
        let Some(n) = in_range else {
            return Err(VolumeSizeError::OutOfRange {
                min: self.min,
                max: self.max,
                got: size,
            });
        };
        if n % self.step != 0 {
            return Err(VolumeSizeError::NotAMultiple {
                step: self.step,
                got: size,
            });
        }
        Ok(n)
    }
}

impl VolumeSizeRules {
    /// Workspace desktops and exclusive hosts.
    pub const WORKSPACE: VolumeSizeRules = VolumeSizeRules {
        system: VolumeSizeRule::WORKSPACE_SYSTEM,
        data: VolumeSizeRule::WORKSPACE_DATA,
    };
    /// Workspace desktop pools.
    pub const WORKSPACE_POOL: VolumeSizeRules = VolumeSizeRules {
        system: VolumeSizeRule::WORKSPACE_POOL_SYSTEM,
        data: VolumeSizeRule::WORKSPACE_POOL_DATA,
    };
    /// Workspace App servers.
    pub const WORKSPACE_APP: VolumeSizeRules = VolumeSizeRules {
        system: VolumeSizeRule::WORKSPACE_APP_SYSTEM,
        data: VolumeSizeRule::WORKSPACE_APP_DATA,
    };
}

/// A disk checked against its API's types and its role's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Volume {
    /// Its type.
    pub volume_type: VolumeType,
    /// Its size in GB.
    pub size_gb: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ALL_RULES: [VolumeSizeRule; 6] = [
        VolumeSizeRule::WORKSPACE_SYSTEM,
        VolumeSizeRule::WORKSPACE_DATA,
        VolumeSizeRule::WORKSPACE_POOL_SYSTEM,
        VolumeSizeRule::WORKSPACE_POOL_DATA,
        VolumeSizeRule::WORKSPACE_APP_SYSTEM,
        VolumeSizeRule::WORKSPACE_APP_DATA,
    ];

    #[test]
    fn types_parse_from_their_exact_spelling_only() {
        for t in VolumeType::ALL {
            assert_eq!(t.as_str().parse::<VolumeType>(), Ok(t));
        }
        assert_eq!(
            "ssd".parse::<VolumeType>().unwrap_err().to_string(),
            "must be one of ESSD, SSD, GPSSD, SAS, SATA, got ssd"
        );
        assert!("".parse::<VolumeType>().is_err());
    }

    #[test]
    fn workspace_pools_accept_sas_and_ssd_only() {
        for t in ["SAS", "SSD"] {
            assert_eq!(VolumeTypes::WORKSPACE_POOL.parse(t).unwrap().as_str(), t);
        }
        assert_eq!(
            VolumeTypes::WORKSPACE_POOL
                .parse("GPSSD")
                .unwrap_err()
                .to_string(),
            "must be one of SAS, SSD, got GPSSD"
        );
    }

    #[test]
    fn workspace_accepts_its_three_and_lists_exactly_them() {
        for t in ["SAS", "SSD", "GPSSD"] {
            assert_eq!(VolumeTypes::WORKSPACE.parse(t).unwrap().as_str(), t);
        }
        assert!(VolumeTypes::WORKSPACE.parse("sas").is_err());
        assert_eq!(
            VolumeTypes::WORKSPACE
                .parse("ESSD")
                .unwrap_err()
                .to_string(),
            "must be one of SAS, SSD, GPSSD, got ESSD"
        );
        assert_eq!(
            VolumeTypes::WORKSPACE_APP
                .parse("x")
                .unwrap_err()
                .to_string(),
            "must be one of ESSD, SSD, GPSSD, SAS, SATA, got x"
        );
    }

    #[test]
    fn workspace_sizes_name_the_broken_rule() {
        let rules = VolumeSizeRules::WORKSPACE;
        assert_eq!(rules.system.check(80), Ok(80));
        assert_eq!(rules.data.check(10), Ok(10));
        assert_eq!(
            rules.system.check(70).unwrap_err().to_string(),
            "must be 80 to 32760 GB, got 70"
        );
        assert_eq!(
            rules.data.check(85).unwrap_err().to_string(),
            "must be a multiple of 10, got 85"
        );
        assert!(rules.data.check(32770).is_err());
        assert!(rules.data.check(-10).is_err());
        assert_eq!(
            VolumeSizeRules::WORKSPACE_POOL
                .system
                .check(8210)
                .unwrap_err()
                .to_string(),
            "must be 80 to 8200 GB, got 8210"
        );
    }

    #[test]
    fn workspace_app_system_disks_are_10_to_1024_in_tens() {
        let system = VolumeSizeRules::WORKSPACE_APP.system;
        assert_eq!(system.check(10), Ok(10));
        assert_eq!(system.check(1020), Ok(1020));
        assert_eq!(
            system.check(85).unwrap_err().to_string(),
            "must be a multiple of 10, got 85"
        );
        assert_eq!(
            system.check(1030).unwrap_err().to_string(),
            "must be 10 to 1024 GB, got 1030"
        );
        assert!(matches!(
            system.check(5),
            Err(VolumeSizeError::OutOfRange { .. })
        ));
        assert!(system.check(-10).is_err());
        assert!(VolumeSizeRules::WORKSPACE_APP.data.check(32760).is_ok());
    }

    proptest! {
        #[test]
        fn check_accepts_exactly_the_multiples_in_range(size in -100i64..40_000) {
            for rule in ALL_RULES {
                let ok = size >= i64::from(rule.min)
                    && size <= i64::from(rule.max)
                    && size % i64::from(rule.step) == 0;
                prop_assert_eq!(rule.check(size).is_ok(), ok);
                if ok {
                    prop_assert_eq!(rule.check(size).map(i64::from), Ok(size));
                }
            }
        }

        #[test]
        fn unknown_spellings_are_refused(s in "[a-zA-Z]{0,6}") {
            for accepted in [VolumeTypes::WORKSPACE, VolumeTypes::WORKSPACE_APP] {
                let known = accepted.types().iter().any(|t| t.as_str() == s);
                prop_assert_eq!(accepted.parse(&s).is_ok(), known);
            }
        }
    }
}
