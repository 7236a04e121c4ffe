tkShard("61-67",[
["con again",0,"_/con_-9f4836c1","Con again","en",""]
]);
