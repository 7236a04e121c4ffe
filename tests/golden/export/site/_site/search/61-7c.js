tkShard("61-7c",[
["a|b\\c",1,"a","A <b>bold</b> & [[link]] {{tpl}} | pipe","en","a|b\\c"]
]);
