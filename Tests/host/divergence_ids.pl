#!/usr/bin/perl
# Tests/host/divergence_ids.pl FILE...: the DIVERGENCES.md row ids the C suite's
# files name, one "KIND FILE:LINE ID" a line (tab-separated): KIND is "all"
# for KNOWN_UPSTREAM_DIVERGENCE, "1.0.19" for KNOWN_UPSTREAM_DIVERGENCE_IN_1_0_19,
# "unresolved" for an argument that is neither a string literal, nor a macro
# defined as one in the same file, nor a field of a table whose initialisers
# in that file are those. Used by Tests/host/divergences.sh.
use strict;
use warnings;

my $STRING = qr/"(?:[^"\\]|\\.)*"(?:\s*"(?:[^"\\]|\\.)*")*/;

sub literal {
	my ($text) = @_;
	my $value = '';
	$value .= $1 while $text =~ /"((?:[^"\\]|\\.)*)"/g;
	return $value;
}

for my $file (@ARGV) {
	open my $in, '<', $file or die "$file: $!";
	local $/;
	my $source = <$in>;
	close $in;
	# Comments out, newlines kept (for line numbers).
	$source =~ s{/\*.*?\*/|//[^\n]*}{ my $c = $&; $c =~ tr/\n//cd; $c }gse;
	my %macro;
	(my $joined = $source) =~ s/\\\n/ /g;
	$macro{$1} = literal($2) while $joined =~ /^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+($STRING)[ \t]*$/mg;
	my $line_of = sub { 1 + (substr($source, 0, $_[0]) =~ tr/\n//) };
	my $report = sub {
		my ($kind, $position, $argument) = @_;
		$argument =~ s/^\s+|\s+$//g;
		my $where = "$file:" . $line_of->($position);
		if ($argument =~ /^$STRING$/) {
			print "$kind\t$where\t", literal($argument), "\n";
		} elsif ($argument =~ /^\w+$/ && exists $macro{$argument}) {
			print "$kind\t$where\t$macro{$argument}\n";
		} else {
			print "unresolved\t$where\t$argument\n";
		}
	};
	while ($source =~ /(^[ \t]*#[ \t]*define[ \t]+)?\bKNOWN_UPSTREAM_DIVERGENCE(_IN_1_0_19)?\s*\(((?:[^()"]|$STRING)*)\)/mg) {
		next if defined $1;
		my ($kind, $argument, $position) = (defined $2 ? '1.0.19' : 'all', $3, $-[0]);
		if ($argument =~ /^\s*\w+\s*(?:->|\.)\s*(\w+)\s*$/) {
			# A table's field: its initialisers in this file name the rows.
			my $field = $1;
			my $end = pos $source;
			while ($source =~ /\.\Q$field\E\s*=\s*($STRING|\w+)/g) {
				$report->($kind, $-[0], $1) unless $1 eq 'NULL';
			}
			pos($source) = $end;
		} else {
			$report->($kind, $position, $argument);
		}
	}
}
